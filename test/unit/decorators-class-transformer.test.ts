/**
 * `@Erase` / `@Encrypt` seen by class-transformer: each registers a toPlainOnly `@Transform`, so
 * `instanceToPlain` (and NestJS's ClassSerializerInterceptor) masks an `@Erase` property exactly as
 * `masker.maskSync` does, and fails closed on an `@Encrypt` one; plain-to-class directions and our
 * own interpreter / unmask are unaffected.
 */
import 'reflect-metadata';
import { Exclude, Transform, Type, instanceToInstance, instanceToPlain, plainToInstance } from 'class-transformer';
import { DataMasking, DataMaskingError, DataMaskingInvalidOptionsError, Encrypt, Erase } from 'lambda-data-masking';
import { AesTestProvider } from '../fixtures/aes-test-provider';

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

describe('instanceToPlain of a DTO with @Erase', () => {
  it('masks every rule kind (default, dynamicMask, customMask, regex; scalars, arrays, objects, nested DTOs) exactly as maskSync', () => {
    const viaClassTransformer = instanceToPlain(customer());
    const viaInterpreter = masker.maskSync(customer());
    expect(JSON.parse(JSON.stringify(viaClassTransformer))).toEqual(viaInterpreter);
    // Sanity: it is really masked, and unannotated data is untouched.
    expect(viaInterpreter).toMatchObject({
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
    expect(JSON.stringify(viaClassTransformer)).not.toMatch(/hunter2|555-0100|private|ann@|4111111111111111|5500000000000004|12345|Main St/);
  });

  it('masks arrays of DTOs, DTOs nested in plain data, and leaves undefined properties unset', () => {
    const data = [customer(), make(Customer, { id: 8, password: undefined, phone: '12' })];
    const viaClassTransformer = JSON.parse(JSON.stringify(instanceToPlain(data))) as unknown;
    expect(viaClassTransformer).toEqual(masker.maskSync(data));
    expect(viaClassTransformer).toEqual(expect.arrayContaining([{ id: 8, phone: '**' }]));
    expect(JSON.parse(JSON.stringify(instanceToPlain({ wrapper: customer() })))).toEqual(masker.maskSync({ wrapper: customer() }));
  });

  it('runs the mask once per property and value (not again on its own output)', () => {
    class Once { @Erase(PREFIX) value!: string; @Erase(PREFIX) list!: string[] }
    expect(instanceToPlain(make(Once, { value: 'abc', list: ['x', 'y'] }))).toEqual({ value: '#abc', list: ['#x', '#y'] });
    expect(masker.maskSync(make(Once, { value: 'abc', list: ['x', 'y'] }))).toEqual({ value: '#abc', list: ['#x', '#y'] });
  });

  it('still honours @Exclude next to @Erase', () => {
    class Account { id!: string; @Erase() email!: string; @Exclude() passwordHash!: string }
    const account = make(Account, { id: 'a', email: 'ann@example.com', passwordHash: 'hash!' });
    expect(instanceToPlain(account)).toEqual({ id: 'a', email: '*****' });
    expect(masker.maskSync(account)).toEqual({ id: 'a', email: '*****' });
  });

  it('reports data JSON cannot hold as a DataMaskingUnsupportedTypeError, without the value', () => {
    class Odd { @Erase({ dynamicMask: true }) value!: unknown }
    expect(() => instanceToPlain(make(Odd, { value: { fn: () => 'secret' } }))).toThrow(/Cannot process the data: a function value is not supported/);
  });
});

describe('instanceToPlain of a DTO with @Encrypt', () => {
  class Payment {
    id!: string;
    @Encrypt() cardNumber!: string;
  }

  it('throws a typed error naming the class and property, never the value', () => {
    let caught: unknown;
    try {
      instanceToPlain(make(Payment, { id: 'p', cardNumber: '4111111111111111' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataMaskingInvalidOptionsError);
    expect(caught).toBeInstanceOf(DataMaskingError);
    const { message } = caught as Error;
    expect(message).toContain('Payment.cardNumber');
    expect(message).toContain("an @Encrypt property reached class-transformer's instanceToPlain before DataMaskingInterceptor (or masker.mask)");
    expect(message).toContain('register DataMaskingInterceptor after ClassSerializerInterceptor, or call masker.mask() first');
    expect(message).not.toContain('4111');
  });

  it('throws for a DTO nested anywhere (null is a value to encrypt too); an unset property passes', () => {
    class Holder { @Type(() => Payment) payments!: Payment[] }
    expect(() => instanceToPlain(make(Holder, { payments: [make(Payment, { cardNumber: '1' })] }))).toThrow(DataMaskingInvalidOptionsError);
    expect(() => instanceToPlain({ deep: [make(Payment, { cardNumber: null as unknown as string })] })).toThrow(/Payment\.cardNumber/);
    expect(instanceToPlain(make(Payment, { id: 'p' }))).toEqual({ id: 'p' });
  });

  it('does not hide the ciphertexts of masker.mask, which instanceToPlain then sees as plain data', async () => {
    const masked = await masker.mask(make(Payment, { id: 'p', cardNumber: '4111111111111111' }));
    expect(instanceToPlain(masked)).toEqual(masked);
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

  it('a user @Transform runs in declaration order: above @Erase its result is masked, below it receives the masked value', () => {
    class Ordered {
      @Transform(({ value }) => `${String(value)}!`, { toPlainOnly: true }) @Erase(PREFIX) above!: string;
      @Erase(PREFIX) @Transform(({ value }) => `${String(value)}!`, { toPlainOnly: true }) below!: string;
    }
    const ordered = make(Ordered, { above: 'abc', below: 'abc' });
    expect(instanceToPlain(ordered)).toEqual({ above: '#abc!', below: '#abc!' });
    // Our interpreter ignores class-transformer's @Transform.
    expect(masker.maskSync(ordered)).toEqual({ above: '#abc', below: '#abc' });

    class Prefixed {
      @Transform(({ value }) => `x${String(value)}`, { toPlainOnly: true }) @Erase(PREFIX) above!: string;
      @Erase(PREFIX) @Transform(({ value }) => `x${String(value)}`, { toPlainOnly: true }) below!: string;
    }
    expect(instanceToPlain(make(Prefixed, { above: 'abc', below: 'abc' }))).toEqual({ above: '#xabc', below: 'x#abc' });
  });
});

describe('inheritance', () => {
  class Base {
    id!: string;
    @Erase() secret!: string;
    @Erase(PREFIX) code!: string;
    @Encrypt() card!: string;
  }
  class Child extends Base {
    @Erase({ dynamicMask: true }) phone!: string;
    @Erase({ customMask: 'C' }) declare code: string;
    @Erase() declare card: string;
  }
  class GrandChild extends Child {
    @Encrypt() declare secret: string;
  }

  it('applies inherited @Erase and the subclass\'s own, each redeclared property once by its nearest declaration, as maskSync', () => {
    const child = make(Child, { id: 'c', secret: 's3cret', code: 'abc', card: '4111', phone: '555-0100' });
    expect(instanceToPlain(child)).toEqual({ id: 'c', secret: '*****', code: 'C', card: '*****', phone: '***-****' });
    expect(instanceToPlain(child)).toEqual(masker.maskSync(child));
  });

  it('the parent still masks (and fails closed) by its own declarations', () => {
    expect(instanceToPlain(make(Base, { id: 'b', secret: 's', code: 'abc' }))).toEqual({ id: 'b', secret: '*****', code: '#abc' });
    expect(() => instanceToPlain(make(Base, { card: '4111' }))).toThrow(/Base\.card: an @Encrypt property/);
  });

  it('a subclass that redeclares an @Erase property as @Encrypt fails closed', () => {
    expect(() => instanceToPlain(make(GrandChild, { id: 'g', secret: 's3cret' }))).toThrow(/GrandChild\.secret: an @Encrypt property/);
    expect(instanceToPlain(make(GrandChild, { id: 'g', phone: '12' }))).toEqual({ id: 'g', phone: '**' });
  });
});

describe('without class-transformer', () => {
  it('decorates and masks as before (no transform registered, no error)', () => {
    jest.isolateModules(() => {
      jest.doMock('class-transformer', () => {
        throw new Error("Cannot find module 'class-transformer'");
      });
      const { Erase: IsolatedErase } = require('../../src/decorators/Erase') as typeof import('../../src/decorators/Erase');
      const { DataMasking: IsolatedMasking } = require('../../src/DataMasking') as typeof import('../../src/DataMasking');
      class Lonely { @IsolatedErase() secret!: string; id!: number }
      expect(new IsolatedMasking().maskSync(make(Lonely, { secret: 's', id: 1 }))).toEqual({ secret: '*****', id: 1 });
      jest.dontMock('class-transformer');
    });
  });
});
