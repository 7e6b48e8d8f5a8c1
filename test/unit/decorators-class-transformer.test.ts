/**
 * `@Erase` / `@Encrypt` are invisible to class-transformer: `instanceToPlain` / `classToPlain` (which
 * NestJS's ValidationPipe runs on request bodies, and ClassSerializerInterceptor on responses) and
 * `plainToInstance` output values unchanged, so masking metadata never rewrites a request. Masking
 * is the library's job (masker.mask / maskSync, the interceptor), which honours @Exclude / @Type.
 */
import 'reflect-metadata';
import { Exclude, Transform, Type, classToPlain, instanceToInstance, instanceToPlain, plainToInstance } from 'class-transformer';
import { DataMasking, Encrypt, Erase } from 'lambda-data-masking';
import { AesTestProvider } from '../fixtures/aes-test-provider';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const make = <T extends object>(type: new () => T, data: Partial<T>): T => Object.assign(new type(), data);

const masker = new DataMasking({ provider: new AesTestProvider() });

/** Not idempotent ('abc' -> '#abc' -> '##abc'): shows how many times the mask ran. */
const PREFIX = { regexPattern: /^(.)/, maskFormat: '#$1' };

class Address {
  street!: string;
  @Erase({ dynamicMask: true }) zip!: string;
}

class Customer {
  id!: number;
  @Erase() password!: string;
  @Erase() tokens!: string[];
  @Erase() profile!: { a: string; b: number };
  @Erase({ dynamicMask: true }) phone!: string;
  @Erase({ dynamicMask: true }) numbers!: (number | boolean | null)[];
  @Erase({ customMask: 'XXX' }) note!: string;
  @Erase({ customMask: 'XXX' }) notes!: { deep: string[] };
  @Erase({ regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }) email!: string;
  @Erase({ regexPattern: /(\d{4})$/, maskFormat: '####' }) cards!: { main: string; backup: string[] };
  @Erase({ dynamicMask: true }) when!: Date;
  @Erase() empty!: string | null;
  @Erase({ dynamicMask: true }) nested!: Address;
  @Type(() => Address) address!: Address;
  open!: string;
}

const customer = (): Customer =>
  make(Customer, {
    id: 7,
    password: 'hunter2',
    tokens: ['t1', 't2', 't3'],
    profile: { a: 'x', b: 2 },
    phone: '+1 555-0100',
    numbers: [12345, true, null],
    note: 'private',
    notes: { deep: ['one', 'two'] },
    email: 'ann@example.com',
    cards: { main: '4111111111111111', backup: ['5500000000000004'] },
    when: new Date('2024-01-02T03:04:05.000Z'),
    empty: null,
    nested: make(Address, { street: 'Main St 1', zip: '12345' }),
    address: make(Address, { street: 'Side St 2', zip: '67890' }),
    open: 'visible',
  });

describe('instanceToPlain / classToPlain of decorated DTOs', () => {
  it('outputs every @Erase value unchanged (requests stay intact), while maskSync masks them', () => {
    const plain = instanceToPlain(customer());
    expect(plain).toMatchObject({ id: 7, password: 'hunter2', note: 'private', email: 'ann@example.com', nested: { zip: '12345' } });
    expect(classToPlain(customer())).toEqual(plain);
    expect(masker.maskSync(customer())).toMatchObject({
      id: 7,
      password: '*****',
      tokens: ['*****', '*****', '*****'],
      profile: '*****',
      note: 'XXX',
      email: 'a***@example.com',
      empty: '*****',
      address: { street: 'Side St 2' },
      open: 'visible',
    });
  });

  it('outputs @Encrypt values unchanged and does not throw (a request DTO may hold them in clear)', () => {
    class Payment {
      id!: string;
      @Encrypt() cardNumber!: string;
    }
    class Holder {
      @Type(() => Payment) payments!: Payment[];
    }
    const holder = make(Holder, { payments: [make(Payment, { id: 'p', cardNumber: '4111' })] });
    expect(instanceToPlain(holder)).toEqual({ payments: [{ id: 'p', cardNumber: '4111' }] });
  });

  it("still applies class-transformer's own @Exclude and @Transform, and the masker honours @Exclude", () => {
    class Account {
      id!: string;
      @Erase() email!: string;
      @Exclude() passwordHash!: string;
      @Transform(({ value }) => String(value).toUpperCase(), { toPlainOnly: true }) @Erase(PREFIX) code!: string;
    }
    const account = make(Account, { id: 'a', email: 'ann@example.com', passwordHash: 'hash!', code: 'abc' });
    expect(instanceToPlain(account)).toEqual({ id: 'a', email: 'ann@example.com', code: 'ABC' });
    expect(masker.maskSync(account)).toEqual({ id: 'a', email: '*****', code: '#abc' });
  });
});

describe('other directions, our interpreter and unmask', () => {
  class Secret {
    id!: string;
    @Erase(PREFIX) note!: string;
    @Encrypt() card!: string;
  }

  it('plainToInstance and instanceToInstance run no mask and do not throw', () => {
    const instance = plainToInstance(Secret, { id: 's', note: 'abc', card: '4111' });
    expect(instance).toBeInstanceOf(Secret);
    expect({ ...instance }).toEqual({ id: 's', note: 'abc', card: '4111' });
    expect({ ...instanceToInstance(instance) }).toEqual({ id: 's', note: 'abc', card: '4111' });
  });

  it('mask masks once and unmask builds instances without running the transforms', async () => {
    const masked = (await masker.mask(make(Secret, { id: 's', note: 'abc', card: '4111' }))) as Record<string, unknown>;
    expect(masked.note).toBe('#abc');
    const back = await masker.unmask(Secret, masked);
    expect(back).toBeInstanceOf(Secret);
    expect({ ...back }).toEqual({ id: 's', note: '#abc', card: '4111' });
  });
});

describe('inheritance', () => {
  class Base {
    id!: string;
    @Erase() secret!: string;
    @Erase(PREFIX) code!: string;
  }
  class Child extends Base {
    @Erase({ dynamicMask: true }) phone!: string;
    @Erase({ customMask: 'C' }) declare code: string;
  }

  it("maskSync applies inherited @Erase and the subclass's own; instanceToPlain masks nothing", () => {
    const child = make(Child, { id: 'c', secret: 's3cret', code: 'abc', phone: '555-0100' });
    expect(masker.maskSync(child)).toEqual({ id: 'c', secret: '*****', code: 'C', phone: '***-****' });
    expect(instanceToPlain(child)).toEqual({ id: 'c', secret: 's3cret', code: 'abc', phone: '555-0100' });
  });
});

describe('without class-transformer', () => {
  it('decorates and masks as before (no error)', () => {
    jest.isolateModules(() => {
      jest.doMock('class-transformer', () => {
        throw new Error("Cannot find module 'class-transformer'");
      });
      const { Erase: IsolatedErase } = require('../../src/decorators/Erase') as typeof import('../../src/decorators/Erase');
      const { DataMasking: IsolatedMasking } = require('../../src/DataMasking') as typeof import('../../src/DataMasking');
      class Lonely {
        @IsolatedErase() secret!: string;
        id!: number;
      }
      expect(new IsolatedMasking().maskSync(make(Lonely, { secret: 's', id: 1 }))).toEqual({ secret: '*****', id: 1 });
      jest.dontMock('class-transformer');
    });
  });
});
