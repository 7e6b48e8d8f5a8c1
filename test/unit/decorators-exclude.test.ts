/**
 * class-transformer's `@Exclude()` / `@Expose()` honoured by `mask()` / `maskSync()`: what
 * class-transformer hides from `instanceToPlain` never reaches the masked output (a masked DTO
 * is a plain object, which a later serializer can no longer filter).
 */
import 'reflect-metadata';
import { Exclude, type ExcludeOptions, Expose, Type, instanceToPlain } from 'class-transformer';
import { DataMasking, Encrypt, Erase, MaskHandler } from 'lambda-data-masking';
import { getPlanBuildCount } from '../../src/dto/plan';
import { AesTestProvider } from '../fixtures/aes-test-provider';

const make = <T extends object>(type: new () => T, data: Partial<T>): T => Object.assign(new type(), data);

const masker = new DataMasking({ provider: new AesTestProvider() });

class Account {
  id!: string;
  @Erase() email!: string;
  @Exclude() passwordHash!: string;
  @Exclude({ toPlainOnly: true }) internalNote!: string;
  @Exclude({ toClassOnly: true }) createdBy!: string;
}

const account = (): Account => make(Account, { id: 'a-1', email: 'ann@example.com', passwordHash: 'hash!', internalNote: 'note!', createdBy: 'admin' });

describe('property-level @Exclude', () => {
  it('omits @Exclude() and @Exclude({ toPlainOnly }) properties, keeps @Exclude({ toClassOnly }) ones, sync and async', async () => {
    const expected = { id: 'a-1', email: '*****', createdBy: 'admin' };
    expect(masker.maskSync(account())).toEqual(expected);
    expect(await masker.mask(account())).toEqual(expected);
    // What class-transformer itself keeps (before masking).
    expect(Object.keys(instanceToPlain(account())).sort()).toEqual(Object.keys(expected).sort());
  });

  it('omits an excluded property whatever it holds (object, array, null) and keeps the key order of the rest', () => {
    class Holder {
      first!: number;
      @Exclude() secret!: unknown;
      @Erase() last!: string;
    }
    for (const secret of [{ token: 't' }, ['t'], null, 42]) {
      const masked = masker.maskSync(make(Holder, { first: 1, secret, last: 'x' })) as Record<string, unknown>;
      expect(masked).toEqual({ first: 1, last: '*****' });
      expect(Object.keys(masked)).toEqual(['first', 'last']);
    }
  });

  it("copies an own __proto__ member of a class with exclusions as data, never as the copy's prototype", () => {
    class Hostile {
      @Exclude() secret!: string;
      open!: string;
    }
    const hostile = make(Hostile, { secret: 's', open: 'o' });
    Object.defineProperty(hostile, '__proto__', { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    const masked = masker.maskSync(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.keys(masked)).toEqual(['open', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toEqual({ polluted: true });
    expect((masked as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('omits an excluded @Erase or @Encrypt property; an excluded @Encrypt needs no provider and no async mask', () => {
    class Both {
      id!: string;
      @Exclude() @Erase() erased!: string;
      @Exclude() @Encrypt() sealed!: string;
    }
    const plain = new DataMasking();
    expect(plain.maskSync(make(Both, { id: 'b', erased: 'e', sealed: 's' }))).toEqual({ id: 'b' });
  });

  it('omits excluded properties of a class with no @Erase / @Encrypt of its own, where the interpreter meets it', () => {
    class Credentials {
      user!: string;
      @Exclude() password!: string;
    }
    class Session {
      @Erase() token!: string;
      credentials!: Credentials;
    }
    const session = make(Session, { token: 't', credentials: make(Credentials, { user: 'ann', password: 'pw' }) });
    expect(masker.maskSync(session)).toEqual({ token: '*****', credentials: { user: 'ann' } });
    // Also inside an undecorated wrapper, next to a DTO.
    class Page {
      constructor(public readonly items: unknown[]) {}
    }
    expect(masker.maskSync(new Page([session, make(Credentials, { user: 'bob', password: 'pw2' })]))).toEqual({
      items: [{ token: '*****', credentials: { user: 'ann' } }, { user: 'bob' }],
    });
  });
});

describe('class-level @Exclude with @Expose', () => {
  @Exclude()
  class PublicProfile {
    @Expose() id!: string;
    @Expose() @Erase() email!: string;
    @Expose({ toPlainOnly: true }) displayName!: string;
    @Expose({ toClassOnly: true }) importedFrom!: string;
    @Expose() @Exclude() hidden!: string;
    passwordHash!: string;
  }

  const profile = (): PublicProfile & { extraneous: string } =>
    Object.assign(
      make(PublicProfile, {
        id: 'p-1',
        email: 'ann@example.com',
        displayName: 'Ann',
        importedFrom: 'ldap',
        hidden: 'h',
        passwordHash: 'hash!',
      }),
      { extraneous: 'x' },
    );

  it('keeps only the exposed properties (toClassOnly exposure does not count; an exclusion wins over @Expose)', async () => {
    const expected = { id: 'p-1', email: '*****', displayName: 'Ann' };
    expect(masker.maskSync(profile())).toEqual(expected);
    expect(await masker.mask(profile())).toEqual(expected);
    expect(Object.keys(instanceToPlain(profile())).sort()).toEqual(Object.keys(expected).sort());
  });

  it('keeps everything when the class has both class-level @Exclude and @Expose (class-transformer: no strategy)', () => {
    @Exclude()
    @Expose()
    class Both {
      a!: string;
      @Erase() b!: string;
    }
    expect(masker.maskSync(make(Both, { a: 'a', b: 'b' }))).toEqual({ a: 'a', b: '*****' });
  });
});

describe('inheritance', () => {
  class Base {
    id!: string;
    @Exclude() passwordHash!: string;
    @Erase() email!: string;
  }

  it("omits a parent class's excluded property in subclasses, which add their own exclusions", () => {
    class Employee extends Base {
      @Exclude() salary!: number;
      team!: string;
    }
    class Manager extends Employee {}
    const values = { id: 'e', passwordHash: 'hash!', email: 'e@x.io', salary: 1, team: 't' };
    expect(masker.maskSync(make(Employee, values))).toEqual({ id: 'e', email: '*****', team: 't' });
    expect(masker.maskSync(make(Manager, values))).toEqual({ id: 'e', email: '*****', team: 't' });
    expect(masker.maskSync(make(Base, { id: 'b', passwordHash: 'hash!', email: 'b@x.io' }))).toEqual({ id: 'b', email: '*****' });
  });

  it("lets a subclass inherit class-level @Exclude (only exposed properties, its own and its parent's) until it declares class-level @Expose", () => {
    @Exclude()
    class Card {
      @Expose() brand!: string;
      @Erase() @Expose() last4!: string;
      number!: string;
    }
    class GoldCard extends Card {
      @Expose() tier!: string;
      cvv!: string;
    }
    @Expose()
    class OpenCard extends Card {
      cvv!: string;
    }
    const values = { brand: 'visa', last4: '1111', number: '4111111111111111', tier: 'gold', cvv: '123' };
    expect(masker.maskSync(make(GoldCard, values))).toEqual({ brand: 'visa', last4: '*****', tier: 'gold' });
    expect(masker.maskSync(make(OpenCard, values))).toEqual({ ...values, last4: '*****' });
  });
});

describe('nested DTOs', () => {
  @Exclude()
  class Address {
    @Expose() city!: string;
    @Expose() @Erase() street!: string;
    geo!: string;
  }

  class Secrets {
    @Exclude() apiKey!: string;
    label!: string;
  }

  class Customer {
    @Erase() email!: string;
    @Type(() => Address) address!: Address;
    @Type(() => Secrets) secrets!: Secrets[];
    @Exclude() @Type(() => Address) billing!: Address;
  }

  const customer = (): Customer =>
    make(Customer, {
      email: 'ann@example.com',
      address: make(Address, { city: 'Lisbon', street: '1 Main St', geo: '38.7,-9.1' }),
      secrets: [make(Secrets, { apiKey: 'k1', label: 'one' }), make(Secrets, { apiKey: 'k2', label: 'two' })],
      billing: make(Address, { city: 'Porto', street: '2 Side St', geo: '41.1,-8.6' }),
    });

  it("applies each nested class's exclusions, in arrays too, and omits an excluded nested DTO whole", async () => {
    const expected = {
      email: '*****',
      address: { city: 'Lisbon', street: '*****' },
      secrets: [{ label: 'one' }, { label: 'two' }],
    };
    expect(masker.maskSync(customer())).toEqual(expected);
    expect(await masker.mask([customer()])).toEqual([expected]);
  });

  it("applies the declared class's exclusions to plain objects found where a DTO is declared", () => {
    const value = Object.assign(new Customer(), {
      email: 'e',
      address: { city: 'Lisbon', street: 's', geo: 'g', extra: 1 },
      secrets: [{ apiKey: 'k', label: 'l' }],
    });
    expect(masker.maskSync(value)).toEqual({ email: '*****', address: { city: 'Lisbon', street: '*****' }, secrets: [{ label: 'l' }] });
  });

  it('unmasks what mask produced: excluded properties are simply absent', async () => {
    class Order {
      id!: string;
      @Encrypt() card!: string;
      @Exclude() internalRef!: string;
      @Type(() => Secrets) secrets!: Secrets;
    }
    const masked = await masker.mask(make(Order, { id: 'o', card: '4111', internalRef: 'ref!', secrets: make(Secrets, { apiKey: 'k', label: 'l' }) }));
    expect(masked).toEqual({ id: 'o', card: expect.any(String), secrets: { label: 'l' } });
    const order = await masker.unmask(Order, masked);
    expect(order).toBeInstanceOf(Order);
    expect(order.secrets).toBeInstanceOf(Secrets);
    expect(order).toEqual(make(Order, { id: 'o', card: '4111', secrets: make(Secrets, { label: 'l' }) }));
    expect('internalRef' in order).toBe(false);
  });
});

describe('groups and versions: not guessed, the property is omitted', () => {
  it('omits a property whose @Expose has groups, since or until, and one whose @Exclude has groups', () => {
    class Report {
      id!: string;
      @Expose({ groups: ['admin'] }) adminNotes!: string;
      @Expose({ since: 2 }) v2Field!: string;
      @Expose({ until: 3 }) legacyField!: string;
      @Expose({ groups: [] }) everyone!: string;
      @Exclude({ toClassOnly: true, groups: ['admin'] } as ExcludeOptions) grouped!: string;
      @Erase() email!: string;
    }
    const report = make(Report, {
      id: 'r',
      adminNotes: 'n',
      v2Field: 'v2',
      legacyField: 'l',
      everyone: 'e',
      grouped: 'g',
      email: 'x@y.z',
    });
    expect(masker.maskSync(report)).toEqual({ id: 'r', everyone: 'e', email: '*****' });
  });

  it('omits a conditionally exposed property from a class-level @Exclude class too', () => {
    @Exclude()
    class Profile {
      @Expose() id!: string;
      @Expose({ groups: ['self'] }) phone!: string;
    }
    expect(masker.maskSync(make(Profile, { id: 'p', phone: '555' }))).toEqual({ id: 'p' });
  });
});

describe('the plan cache', () => {
  it("reads class-transformer's exclusion metadata once per class, when its plan is built", () => {
    class Cached {
      @Erase() a!: string;
      @Exclude() b!: string;
      c!: string;
    }
    const value = make(Cached, { a: 'a', b: 'b', c: 'c' });
    const builds = getPlanBuildCount();
    expect(masker.maskSync(value)).toEqual({ a: '*****', c: 'c' });
    expect(getPlanBuildCount()).toBe(builds + 1);

    const storage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: Record<string, Map<unknown, unknown>> }).defaultMetadataStorage;
    const spies = ['_excludeMetadatas', '_exposeMetadatas'].map((name) => jest.spyOn(storage[name]!, 'get'));
    for (let round = 0; round < 3; round++)
      expect(masker.maskSync([value, value])).toEqual([
        { a: '*****', c: 'c' },
        { a: '*****', c: 'c' },
      ]);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    // The spies do see the reads of a plan being built.
    class Fresh {
      @Exclude() b!: string;
      c!: string;
    }
    expect(masker.maskSync(make(Fresh, { b: 'b', c: 'c' }))).toEqual({ c: 'c' });
    for (const spy of spies) {
      expect(spy).toHaveBeenCalled();
      spy.mockRestore();
    }
    expect(getPlanBuildCount()).toBe(builds + 2);
  });
});

describe('@MaskHandler', () => {
  it('omits excluded properties of a returned DTO', async () => {
    class Lambda {
      @MaskHandler()
      public handler(): Account {
        return account();
      }
    }
    expect(await new Lambda().handler()).toEqual({ id: 'a-1', email: '*****', createdBy: 'admin' });
  });
});
