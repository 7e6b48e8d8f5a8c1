import 'reflect-metadata';
import { Expose, Type } from 'class-transformer';
import {
  DataMasking,
  DataMaskingContextMismatchError,
  DataMaskingDecryptValueError,
  DataMaskingError,
  DataMaskingInvalidOptionsError,
  DataMaskingUnsupportedTypeError,
  Encrypt,
  Erase,
  FIELD_CONTEXT_KEY,
  MaskNested,
} from 'lambda-data-masking';
import { getPlanBuildCount } from '../../src/dto/plan';
import { AesTestProvider } from '../fixtures/aes-test-provider';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

/** Reads the context an AesTestProvider message was bound to (it stores it in clear, as ESDK headers do). */
const contextOf = (ciphertext: unknown): Record<string, string> => {
  const message = Buffer.from(ciphertext as string, 'base64');
  const end = 5 + message.readUInt32BE(1);
  return Object.fromEntries(JSON.parse(message.subarray(5, end).toString('utf8')) as [string, string][]);
};

class Address {
  @Erase() street!: string;
  city!: string;
  @Erase({ dynamicMask: true }) postcode!: string;
}

class Card {
  @Encrypt() number!: string;
  @Erase({ customMask: 'XX' }) cvv!: string;
  brand!: string;
}

class User {
  name!: string;
  @Erase({ regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }) email!: string;
  @Type(() => Address) address!: Address;
  @Type(() => Card) cards!: Card[];
  @Encrypt({ context: (user: User) => ({ tenant_id: user.tenantId }) }) ssn!: string;
  tenantId!: string;
  @Type(() => Date) createdAt!: Date;
  tags!: string[];
}

const make = <T extends object>(type: new () => T, data: Partial<T>): T => Object.assign(new type(), data);

const sampleUser = (): User =>
  make(User, {
    name: 'Ann Lee',
    email: 'ann.lee@example.com',
    address: make(Address, { street: '1 Main St', city: 'Lisbon', postcode: '1000-001' }),
    cards: [make(Card, { number: '4111111111111111', cvv: '123', brand: 'visa' }), make(Card, { number: '5500000000000004', cvv: '9876', brand: 'mc' })],
    ssn: '123-45-6789',
    tenantId: 't-1',
    createdAt: new Date('2024-01-02T03:04:05.000Z'),
    tags: ['a', 'b'],
  });

const SECRETS = ['ann.lee@example.com', '1 Main St', '4111111111111111', '123-45-6789', '1000-001'];

// Erase-only classes, for maskSync.
class Login {
  @Erase() password!: string;
  user!: string;
  @Erase() recoveryCodes!: string[];
  @Erase({ dynamicMask: true }) pin!: number;
  @Erase({ customMask: '#' }) flag!: boolean;
  @Erase({ dynamicMask: true }) phone!: string;
}

describe('@Erase rules through masker.maskSync', () => {
  const masker = new DataMasking();

  it('applies every rule: default, array default, dynamic on numbers, custom cut to length, dynamic keeping separators', () => {
    const login = make(Login, { password: 'hunter2', user: 'ann', recoveryCodes: ['x1', 'x2', 'x3'], pin: 1234, flag: true, phone: '+1 555-0100' });
    expect(masker.maskSync(login)).toEqual({
      password: '*****',
      user: 'ann',
      recoveryCodes: ['*****', '*****', '*****'],
      pin: '****',
      flag: '#',
      phone: '** ***-****',
    });
  });

  it('applies the regex rule and the nested dynamic rule (mask is async but encrypts nothing here)', async () => {
    class Contact {
      @Erase({ regexPattern: '(.)(.*)@', maskFormat: '$1***@' }) email!: string;
      @Type(() => Address) address!: Address;
    }
    const contact = make(Contact, { email: 'bob@x.io', address: make(Address, { street: 'S', city: 'C', postcode: 'AB 12' }) });
    expect(await masker.mask(contact)).toEqual({ email: 'b***@x.io', address: { street: '*****', city: 'C', postcode: '** **' } });
  });

  it('returns a plain object, drops undefined members, keeps null of plain members and converts Dates', () => {
    const login = make(Login, { password: 'p', user: null as unknown as string });
    const masked = masker.maskSync(login) as Record<string, unknown>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(masked).toEqual({ password: '*****', user: null });
    expect('recoveryCodes' in masked).toBe(false);
  });

  it('masks a DTO in an array and in a plain structure holding DTOs', () => {
    const logins = [make(Login, { password: 'a', user: 'u1' }), make(Login, { password: 'b', user: 'u2' })];
    expect(masker.maskSync(logins)).toEqual([
      { password: '*****', user: 'u1' },
      { password: '*****', user: 'u2' },
    ]);
    expect(masker.maskSync({ page: 1, items: logins, meta: { first: logins[0] } })).toEqual({
      page: 1,
      items: [
        { password: '*****', user: 'u1' },
        { password: '*****', user: 'u2' },
      ],
      meta: { first: { password: '*****', user: 'u1' } },
    });
  });

  it('copies undecorated data and plain values unchanged', () => {
    expect(masker.maskSync({ a: [1, 'x', null, { b: true }] })).toEqual({ a: [1, 'x', null, { b: true }] });
  });

  it('refuses to mask synchronously a class that can hold an @Encrypt property, even through a nested type, even when empty', () => {
    expect(() => masker.maskSync(make(Card, { brand: 'visa' }))).toThrow(DataMaskingError);
    expect(() => masker.maskSync(make(Card, { brand: 'visa' }))).toThrow(/Card\.number/);
    class Wallet {
      @Type(() => Card) cards?: Card[];
      owner!: string;
    }
    expect(() => masker.maskSync(make(Wallet, { owner: 'ann' }))).toThrow(/maskSync cannot mask Wallet: it can hold the @Encrypt property Card\.number/);
  });
});

describe('nested DTOs, arrays, inheritance and self-reference', () => {
  const provider = new AesTestProvider();
  const masker = new DataMasking({ provider });

  it('masks a nested DTO graph: erased members by their rules, encrypted ones as ciphertexts, the rest copied', async () => {
    const masked = (await masker.mask(sampleUser())) as Record<string, any>;
    expect(masked).toEqual({
      name: 'Ann Lee',
      email: 'a***@example.com',
      address: { street: '*****', city: 'Lisbon', postcode: '****-***' },
      cards: [
        { number: expect.any(String), cvv: 'XX', brand: 'visa' },
        { number: expect.any(String), cvv: 'XX', brand: 'mc' },
      ],
      ssn: expect.any(String),
      tenantId: 't-1',
      createdAt: '2024-01-02T03:04:05.000Z',
      tags: ['a', 'b'],
    });
    const serialized = JSON.stringify(masked);
    for (const secret of SECRETS) expect(serialized).not.toContain(secret);
  });

  it('binds each ciphertext to the property location (shape) and the property context', async () => {
    const masked = (await masker.mask(sampleUser())) as Record<string, any>;
    expect(contextOf(masked.ssn)).toEqual({ tenant_id: 't-1', [FIELD_CONTEXT_KEY]: '$.ssn' });
    expect(contextOf(masked.cards[1].number)).toEqual({ [FIELD_CONTEXT_KEY]: '$.cards[*].number' });
  });

  it('abstracts the keys of a plain map of DTOs (data, e.g. e-mails) in the location shape', async () => {
    class Wallet {
      @Erase() owner!: string;
      byEmail!: Record<string, Card>;
    }
    const wallet = make(Wallet, { owner: 'o', byEmail: { 'ann.CANARY@example.com': make(Card, { number: '4111', cvv: '1', brand: 'v' }) } });
    const masked = (await masker.mask(wallet)) as Record<string, any>;
    const ciphertext = masked.byEmail['ann.CANARY@example.com'].number as string;
    expect(contextOf(ciphertext)).toEqual({ [FIELD_CONTEXT_KEY]: '$.byEmail.*.number' });
  });

  it('measures locations from the outermost DTO, so a DTO in an array or in a wrapper unmasks on its own', async () => {
    const wrapped = (await masker.mask({ data: [sampleUser()] })) as Record<string, any>;
    expect(contextOf(wrapped.data[0].ssn)[FIELD_CONTEXT_KEY]).toBe('$.ssn');
    const user = await masker.unmask(User, wrapped.data[0]);
    expect(user.ssn).toBe('123-45-6789');
  });

  it('ignores design:type (esbuild and swc emit none): an undeclared plain DTO is refused, @MaskNested declares it', async () => {
    class Inner {
      @Erase() secret!: string;
      open!: string;
    }
    // design:type names Inner for both (tsc and swc emit it here); the library must not rely on it.
    class Typed {
      @Expose() inner!: Inner;
      @Encrypt() sealed!: Inner;
    }
    const typed = make(Typed, { inner: { secret: 's', open: 'o' } as Inner, sealed: make(Inner, { secret: 's2', open: 'o2' }) });
    await expect(masker.mask(typed)).rejects.toThrow(/Typed at \$\.inner holds a member named "secret".*@MaskNested\(\(\) => Inner\)/);
    class Holder {
      @MaskNested(() => Inner) inner!: Inner;
      @Encrypt() @MaskNested(() => Inner) sealed!: Inner;
    }
    const holder = make(Holder, { inner: { secret: 's', open: 'o' } as Inner, sealed: make(Inner, { secret: 's2', open: 'o2' }) });
    const masked = (await masker.mask(holder)) as Record<string, any>;
    expect(masked.inner).toEqual({ secret: '*****', open: 'o' });
    const back = await masker.unmask(Holder, masked);
    expect(back.inner).toBeInstanceOf(Inner);
    expect(back.sealed).toBeInstanceOf(Inner);
    expect(back.sealed).toEqual(make(Inner, { secret: '*****', open: 'o2' }));
  });

  it('lets a subclass inherit, extend and override its parent annotations without changing the parent', () => {
    class Base {
      @Erase() secret!: string;
      @Erase() note!: string;
      id!: number;
    }
    class Derived extends Base {
      @Erase({ customMask: '#' }) override note!: string;
      @Erase({ dynamicMask: true }) extra!: string;
    }
    const sync = new DataMasking();
    expect(sync.maskSync(make(Derived, { secret: 's', note: 'long note', extra: 'ab c', id: 7 }))).toEqual({
      secret: '*****',
      note: '#',
      extra: '** *',
      id: 7,
    });
    expect(sync.maskSync(make(Base, { secret: 's', note: 'long note', id: 7 }) as Base & { extra?: string })).toEqual({
      secret: '*****',
      note: '*****',
      id: 7,
    });
    // An instance of an undecorated grandchild is masked by what it inherits.
    class Leaf extends Derived {}
    expect(sync.maskSync(make(Leaf, { secret: 's', extra: 'x' }))).toEqual({ secret: '*****', extra: '*' });
  });

  it('masks and unmasks a self-referential DTO (a tree) at any depth', async () => {
    class TreeNode {
      @Erase() label!: string;
      value!: number;
      @Encrypt() token?: string;
      @Type(() => TreeNode) children: TreeNode[] = [];
    }
    const node = (value: number, children: TreeNode[] = []): TreeNode => make(TreeNode, { label: `n${value}`, value, token: `tk${value}`, children });
    let deep = node(100);
    for (let value = 99; value >= 60; value--) deep = node(value, [deep]);
    const tree = node(1, [node(2, [node(3)]), deep]);
    const masked = (await masker.mask(tree)) as Record<string, any>;
    expect(masked.label).toBe('*****');
    expect(masked.children[0].children[0]).toEqual({ label: '*****', value: 3, token: expect.any(String), children: [] });
    expect(contextOf(masked.children[0].children[0].token)[FIELD_CONTEXT_KEY]).toBe('$.children[*].children[*].token');
    const back = await masker.unmask(TreeNode, masked);
    expect(back).toBeInstanceOf(TreeNode);
    let cursor: TreeNode = back.children[1]!;
    while (cursor.children.length > 0) {
      expect(cursor).toBeInstanceOf(TreeNode);
      cursor = cursor.children[0]!;
    }
    expect(cursor).toEqual(make(TreeNode, { label: '*****', value: 100, token: 'tk100', children: [] }));
    expect(back.children[0]!.children[0]!.token).toBe('tk3');
  });

  it('follows class-transformer discriminators both ways', async () => {
    abstract class Shape {
      kind!: string;
    }
    class Circle extends Shape {
      @Erase() radius!: number;
    }
    class Square extends Shape {
      @Encrypt() side!: number;
    }
    class Drawing {
      @Type(() => Shape, {
        discriminator: {
          property: 'kind',
          subTypes: [
            { name: 'circle', value: Circle },
            { name: 'square', value: Square },
          ],
        },
        keepDiscriminatorProperty: true,
      })
      shapes!: Shape[];
    }
    const drawing = make(Drawing, { shapes: [make(Circle, { kind: 'circle', radius: 2 }), make(Square, { kind: 'square', side: 3 })] });
    const masked = (await masker.mask(drawing)) as Record<string, any>;
    expect(masked.shapes[0]).toEqual({ kind: 'circle', radius: '*****' });
    const back = await masker.unmask(Drawing, masked);
    expect(back.shapes[0]).toBeInstanceOf(Circle);
    expect(back.shapes[1]).toBeInstanceOf(Square);
    expect((back.shapes[1] as Square).side).toBe(3);
  });

  it('refuses a discriminated value that names no declared subtype, instead of masking it as the base class', async () => {
    abstract class Payment {
      kind!: string;
    }
    class CardPayment extends Payment {
      @Erase() cvv!: string;
    }
    class Order {
      @Type(() => Payment, { discriminator: { property: 'kind', subTypes: [{ name: 'card', value: CardPayment }] } })
      payment!: Payment;
    }
    const order = make(Order, { payment: { kind: 'carte', cvv: 'cvv-secret-321' } as unknown as Payment });
    const error = (await masker.mask(order).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DataMaskingError);
    expect(error.message).toContain('"kind"');
    expect(error.message).not.toContain('carte');
    expect(error.message).not.toContain('cvv-secret-321');
    const named = make(Order, { payment: { kind: 'card', cvv: 'cvv-secret-321' } as unknown as Payment });
    expect(await masker.mask(named)).toEqual({ payment: { kind: 'card', cvv: '*****' } });
    await expect(masker.unmask(Order, { payment: { kind: 'cheque', cvv: '*****' } })).rejects.toBeInstanceOf(DataMaskingError);
  });

  it('rejects circular data with a typed error that quotes no value', async () => {
    const user = sampleUser();
    (user.address as unknown as Record<string, unknown>).self = user;
    const error = (await masker.mask(user).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(error.message).toMatch(/circular/);
    for (const secret of SECRETS) expect(error.message).not.toContain(secret);
  });

  it('rejects data JSON cannot hold inside a DTO, naming the location but no value', async () => {
    const user = make(User, { name: 'Ann', tags: new Map([['k', 'secret-tag']]) as unknown as string[] });
    const error = (await masker.mask(user).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(error.message).toContain('$.tags');
    expect(error.message).not.toContain('secret-tag');
  });
});

describe('mask / unmask round trip', () => {
  const provider = new AesTestProvider();
  const masker = new DataMasking({ provider });

  it('unmasks into instances of the classes, decrypting encrypted members; erased ones stay erased', async () => {
    const user = await masker.unmask(User, await masker.mask(sampleUser()));
    expect(user).toBeInstanceOf(User);
    expect(user.address).toBeInstanceOf(Address);
    expect(user.cards[0]).toBeInstanceOf(Card);
    expect(user.createdAt).toBeInstanceOf(Date);
    expect(user.createdAt.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(user).toEqual(
      make(User, {
        name: 'Ann Lee',
        email: 'a***@example.com',
        address: make(Address, { street: '*****', city: 'Lisbon', postcode: '****-***' }),
        cards: [make(Card, { number: '4111111111111111', cvv: 'XX', brand: 'visa' }), make(Card, { number: '5500000000000004', cvv: 'XX', brand: 'mc' })],
        ssn: '123-45-6789',
        tenantId: 't-1',
        createdAt: new Date('2024-01-02T03:04:05.000Z'),
        tags: ['a', 'b'],
      }),
    );
  });

  it('unmasks an array of masked DTOs into an array of instances', async () => {
    const masked = await masker.mask([sampleUser(), sampleUser()]);
    const users = await masker.unmask(User, masked as unknown[]);
    expect(users).toHaveLength(2);
    expect(users[1]).toBeInstanceOf(User);
    expect(users[1]!.cards[1]!.number).toBe('5500000000000004');
  });

  it('masks the members of an encrypted DTO by their own annotations before encrypting it, and unmasks both levels', async () => {
    class Secret {
      @Erase() pin!: string;
      @Encrypt() key!: string;
      label!: string;
    }
    class Vault {
      @Encrypt() @Type(() => Secret) secret!: Secret;
      owner!: string;
    }
    const before = provider.encryptCalls;
    const masked = (await masker.mask(make(Vault, { owner: 'ann', secret: make(Secret, { pin: '0000', key: 'k-1', label: 'main' }) }))) as Record<string, any>;
    expect(provider.encryptCalls - before).toBe(2);
    const inner = (await provider.decrypt(masked.secret, { context: { [FIELD_CONTEXT_KEY]: '$.secret' } })) as Record<string, unknown>;
    expect(inner).toEqual({ pin: '*****', key: expect.any(String), label: 'main' });
    expect(contextOf(inner.key)[FIELD_CONTEXT_KEY]).toBe('$.secret.key');
    const vault = await masker.unmask(Vault, masked);
    expect(vault.secret).toBeInstanceOf(Secret);
    expect(vault.secret).toEqual(make(Secret, { pin: '*****', key: 'k-1', label: 'main' }));
  });

  it('combines the call context with the property context and requires both to unmask', async () => {
    const masked = (await masker.mask(sampleUser(), { context: { app: 'shop' } })) as Record<string, any>;
    expect(contextOf(masked.ssn)).toEqual({ app: 'shop', tenant_id: 't-1', [FIELD_CONTEXT_KEY]: '$.ssn' });
    await expect(masker.unmask(User, masked)).rejects.toThrow(DataMaskingContextMismatchError);
    await expect(masker.unmask(User, masked, { context: { app: 'other' } })).rejects.toThrow(DataMaskingContextMismatchError);
    await expect(masker.unmask(User, { ...masked, tenantId: 't-2' }, { context: { app: 'shop' } })).rejects.toThrow(DataMaskingContextMismatchError);
    const user = await masker.unmask(User, masked, { context: { app: 'shop' } });
    expect(user.ssn).toBe('123-45-6789');
  });

  it('detects a ciphertext moved to another property (anti-swap)', async () => {
    const masked = (await masker.mask(sampleUser())) as Record<string, any>;
    const swapped = { ...masked, cards: [{ ...masked.cards[0], number: masked.cards[1].number }, masked.cards[1]] };
    await expect(masker.unmask(User, swapped)).resolves.toBeInstanceOf(User); // same shape: $.cards[*].number
    const moved = { ...masked, cards: [{ ...masked.cards[0], number: masked.ssn }] };
    await expect(masker.unmask(User, moved)).rejects.toThrow(DataMaskingContextMismatchError);
  });

  it('can be decrypted by the field-level engine when the DTO is the root (same location shapes)', async () => {
    class Plain {
      @Encrypt() secret!: string;
      id!: number;
    }
    const masked = await masker.mask(make(Plain, { secret: 's3', id: 1 }));
    await expect(masker.decrypt(masked, { fields: ['secret'] })).resolves.toEqual({ secret: 's3', id: 1 });
  });

  it('rejects an encrypted member that is not a ciphertext string, naming the property only', async () => {
    const masked = (await masker.mask(sampleUser())) as Record<string, any>;
    const error = (await masker.unmask(User, { ...masked, ssn: 12345 }).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
    expect(error.message).toContain('User.ssn');
    expect(error.message).not.toContain('12345');
  });

  it('rejects input that is not a masked object', async () => {
    await expect(masker.unmask(User, 'nope')).rejects.toThrow(DataMaskingUnsupportedTypeError);
    await expect(masker.unmask(User, null)).rejects.toThrow(DataMaskingUnsupportedTypeError);
  });
});

describe('the input is never mutated and the result shares nothing with it', () => {
  it('leaves a frozen DTO graph as it was', async () => {
    const user = sampleUser();
    const before = JSON.stringify(user);
    const deepFreeze = (value: unknown): void => {
      if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
      Object.freeze(value);
      Object.values(value).forEach(deepFreeze);
    };
    deepFreeze(user);
    const masked = (await new DataMasking({ provider: new AesTestProvider() }).mask(user)) as Record<string, any>;
    expect(JSON.stringify(user)).toBe(before);
    expect(masked.address).not.toBe(user.address);
    expect(masked.tags).not.toBe(user.tags);
    masked.tags.push('c');
    expect(user.tags).toEqual(['a', 'b']);
  });

  it('leaves the masked input of unmask as it was', async () => {
    const masker = new DataMasking({ provider: new AesTestProvider() });
    const masked = await masker.mask(sampleUser());
    const before = JSON.stringify(masked);
    const user = await masker.unmask(User, masked);
    expect(JSON.stringify(masked)).toBe(before);
    user.tags.push('c');
    expect((masked as { tags: string[] }).tags).toEqual(['a', 'b']);
  });
});

describe('a polluted Object.prototype', () => {
  it('does not leak inherited enumerable members into the masked copy', () => {
    const masker = new DataMasking();
    masker.maskSync(make(Login, { password: 'p' })); // loads the interpreter first (swc's module helper uses for...in)
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.injected = { from: 'prototype' };
    try {
      const masked = masker.maskSync({ login: make(Login, { password: 'p', user: 'u' }), extra: { a: 1 } }) as Record<string, any>;
      expect(Object.keys(masked)).toEqual(['login', 'extra']);
      expect(Object.keys(masked.login)).toEqual(['password', 'user']);
      expect(masked.login.password).toBe('*****');
      expect(Object.keys(masked.extra)).toEqual(['a']);
    } finally {
      delete polluted.injected;
    }
  });
});

describe('@Encrypt without a provider, and failures', () => {
  it('fails before encrypting anything, naming the class and property, even when the property is empty', async () => {
    const masker = new DataMasking();
    const error = (await masker.mask(sampleUser()).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DataMaskingInvalidOptionsError);
    expect(error.message).toMatch(/User\.ssn/);
    await expect(masker.mask(make(User, { name: 'no secrets here' }))).rejects.toThrow(/@Encrypt on User\.ssn/);
    await expect(masker.mask({ list: [make(Card, { brand: 'visa' })] })).rejects.toThrow(/Card\.number/);
    for (const secret of SECRETS) expect(error.message).not.toContain(secret);
  });

  it('fails to unmask encrypted members without a provider', async () => {
    const masked = await new DataMasking({ provider: new AesTestProvider() }).mask(sampleUser());
    await expect(new DataMasking().unmask(User, masked)).rejects.toThrow(DataMaskingInvalidOptionsError);
  });

  it('validates a computed context before any encryption, and gives no partial result when the provider fails', async () => {
    const provider = new AesTestProvider();
    const masker = new DataMasking({ provider });
    class Bad {
      @Encrypt() first!: string;
      @Encrypt({ context: () => ({ n: 1 as unknown as string }) }) second!: string;
    }
    await expect(masker.mask(make(Bad, { first: 'a', second: 'b' }))).rejects.toThrow(DataMaskingUnsupportedTypeError);
    expect(provider.encryptCalls).toBe(0);

    let calls = 0;
    const flaky = new DataMasking({
      provider: {
        encrypt: async (value, options) => {
          calls += 1;
          if (calls === 2) throw new DataMaskingError('provider down');
          return provider.encrypt(value, options);
        },
        decrypt: async (ciphertext, options) => provider.decrypt(ciphertext, options),
      },
    });
    await expect(flaky.mask(sampleUser())).rejects.toThrow('provider down');
  });

  it('rejects invalid annotations when the class is defined', () => {
    expect(() => {
      class Both {
        @Erase() @Encrypt() field!: string;
      }
      return Both;
    }).toThrow(/Both\.field has more than one @Erase\/@Encrypt/);
    expect(() => {
      class BadRule {
        @Erase({ regexPattern: '(', maskFormat: 'x' }) field!: string;
      }
      return BadRule;
    }).toThrow(/@Erase on BadRule\.field/);
    expect(() => {
      class OnlyPattern {
        @Erase({ regexPattern: 'x' } as never) field!: string;
      } // TypeScript refuses it; JavaScript can
      return OnlyPattern;
    }).toThrow(DataMaskingInvalidOptionsError);
    expect(() => {
      class Static {
        @Erase() static field: string;
      }
      return Static;
    }).toThrow(/static/);
    expect(() => {
      class BadContext {
        @Encrypt({ context: { n: 1 as unknown as string } }) field!: string;
      }
      return BadContext;
    }).toThrow(DataMaskingUnsupportedTypeError);
  });
});

describe('the plan cache', () => {
  it('builds each class plan once and reads no metadata on later calls', async () => {
    class Cached {
      @Erase() a!: string;
      @Type(() => Address) address!: Address;
      b!: string;
      meta!: { n: number };
    }
    const masker = new DataMasking();
    const value = make(Cached, { a: 'x', b: 'y', address: make(Address, { street: 's', city: 'c', postcode: '1' }), meta: { n: 1 } });
    const builds = getPlanBuildCount();
    masker.maskSync(value);
    const afterFirst = getPlanBuildCount();
    expect(afterFirst - builds).toBeGreaterThanOrEqual(1);

    const reflect = Reflect as unknown as Record<string, (...args: unknown[]) => unknown>;
    const spies = ['getMetadata', 'getOwnMetadata', 'getMetadataKeys', 'hasMetadata'].map((name) => jest.spyOn(reflect, name));
    for (let round = 0; round < 5; round++) {
      const expected = { a: '*****', b: 'y', address: { street: '*****', city: 'c', postcode: '*' }, meta: { n: 1 } };
      expect(masker.maskSync([value, value])).toEqual([expected, expected]);
    }
    await masker.unmask(Cached, masker.maskSync(value));
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
    expect(getPlanBuildCount()).toBe(afterFirst);
  });
});
