/**
 * Smaller gaps of the decorators, tried as an attacker would:
 * - `unmask` (and so `DecryptBodyPipe`) assigns only data members: body keys naming methods
 *   (`toString`, `constructor`, class methods), read-only accessors or `@Exclude`d members are
 *   dropped, as class-transformer's `plainToInstance` does;
 * - `@Erase` on a get accessor masks what the getter reads (its backing fields);
 * - a field ciphertext can move between DTO classes that share the property's location, unless
 *   their `@Encrypt` contexts differ (documented; class names are not bound).
 */
import 'reflect-metadata';
import { Exclude } from 'class-transformer';
import {
  DATA_MASKING_STRING,
  DataMasking,
  DataMaskingContextMismatchError,
  DataMaskingInvalidOptionsError,
  DataMaskingUnsupportedTypeError,
  Encrypt,
  Erase,
} from 'lambda-data-masking';
import { AesTestProvider } from '../fixtures/aes-test-provider';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const masker = new DataMasking({ provider: new AesTestProvider() });

describe('unmask assigns only data members', () => {
  class Order {
    public item!: string;
    @Encrypt() public cardNumber!: string;
    @Exclude() public isAdmin = false;
    @Exclude({ toClassOnly: true }) public role = 'user';
    @Exclude({ toPlainOnly: true }) public note?: string;
    #total = 0;

    public get total(): number {
      return this.#total;
    }

    public set quantity(value: number) {
      this.#total = value * 10;
    }

    public describe(): string {
      return `order of ${this.item}`;
    }
  }

  it('drops keys naming methods, read-only accessors or @Exclude-hidden members; keeps data; runs setters', async () => {
    const masked = (await masker.mask(Object.assign(new Order(), { item: 'book', cardNumber: '4111' }))) as Record<string, unknown>;
    const body = {
      ...masked,
      toString: 'pwned',
      valueOf: 'pwned',
      hasOwnProperty: 'pwned',
      constructor: 'pwned',
      describe: 'pwned',
      total: 999,
      isAdmin: true,
      role: 'admin',
      note: 'kept',
      quantity: 3,
      extra: 'kept',
    };
    const order = await masker.unmask(Order, body);

    expect(order).toBeInstanceOf(Order);
    expect(order.cardNumber).toBe('4111');
    expect(order.describe()).toBe('order of book');
    expect(String(order)).toBe('[object Object]');
    expect(order.constructor).toBe(Order);
    expect(Object.hasOwn(order, 'toString')).toBe(false);
    expect(order.isAdmin).toBe(false);
    expect(order.role).toBe('user');
    expect(order.note).toBe('kept');
    expect(order.total).toBe(30);
    expect((order as unknown as Record<string, unknown>).extra).toBe('kept');
  });

  it('keeps a __proto__ key as an own data member, never as the prototype', async () => {
    const body = JSON.parse('{"item":"pen","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const order = await masker.unmask(Order, body);
    expect(Object.getPrototypeOf(order)).toBe(Order.prototype);
    expect((order as unknown as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(order, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('drops an own function member the constructor set (an arrow method)', async () => {
    class WithArrow {
      public name!: string;
      public greet = (): string => `hi ${this.name}`;
    }
    const instance = await masker.unmask(WithArrow, { name: 'ann', greet: 'pwned' });
    expect(instance.greet()).toBe('hi ann');
  });
});

describe('@Erase on a get accessor', () => {
  class Account {
    public id!: string;
    private _email!: string;

    @Erase({ regexPattern: /(.)(.*)@/, maskFormat: '$1***@' })
    public get email(): string {
      return this._email;
    }

    public set email(value: string) {
      this._email = value;
    }
  }

  const account = (): Account => Object.assign(new Account(), { id: 'a-1', email: 'ann@example.com' });

  it("masks the backing field the getter reads (what JSON holds), with the accessor's rule", () => {
    expect(JSON.parse(JSON.stringify(account()))).toEqual({ id: 'a-1', _email: 'ann@example.com' });
    expect(masker.maskSync(account())).toEqual({ id: 'a-1', _email: 'a***@example.com' });
  });

  it('protects what the accessor exposes through toJSON() too', () => {
    class Shown extends Account {
      public toJSON() {
        return { id: this.id, email: this.email };
      }
    }
    const shown = Object.assign(new Shown(), { id: 's', email: 'ann@example.com' });
    expect(masker.maskSync(shown)).toEqual({ id: 's', email: 'a***@example.com' });
  });

  it('masks every member a derived getter reads; a getter over a #private field masks nothing and does not fail', () => {
    class Person {
      public first!: string;
      public last!: string;
      public age!: number;
      #secret = 'private';
      @Erase() public get fullName(): string {
        return `${this.first} ${this.last}`;
      }
      @Erase() public get hidden(): string {
        return this.#secret;
      }
    }
    const person = Object.assign(new Person(), { first: 'Ann', last: 'Example', age: 40 });
    expect(masker.maskSync(person)).toEqual({ first: DATA_MASKING_STRING, last: DATA_MASKING_STRING, age: 40 });
  });

  it('reports a getter that throws as a typed error with the cause, without its message', () => {
    class Broken {
      public value = 'v';
      @Erase() public get boom(): string {
        throw new Error(`boom ${this.value}-secret`);
      }
    }
    let caught: unknown;
    try {
      masker.maskSync(new Broken());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect((caught as Error).message).not.toContain('secret');
    expect((caught as { cause?: Error }).cause?.message).toBe('boom v-secret');
  });

  it('unmask assigns the backing field back (erased values stay erased)', async () => {
    const back = await masker.unmask(Account, masker.maskSync(account()));
    expect(back.email).toBe('a***@example.com');
  });

  it('refuses @Erase on a method or a setter-only accessor, and @Encrypt on an accessor, when the class is defined', () => {
    expect(() => {
      class OnMethod {
        @Erase() public secret(): string {
          return 's';
        }
      }
      return OnMethod;
    }).toThrow(/@Erase applies to properties and get accessors, not to the method OnMethod\.secret/);
    expect(() => {
      class SetterOnly {
        @Erase() public set secret(_value: string) {}
      }
      return SetterOnly;
    }).toThrow(DataMaskingInvalidOptionsError);
    expect(() => {
      class EncryptedAccessor {
        private _card = '';
        @Encrypt() public get card(): string {
          return this._card;
        }
      }
      return EncryptedAccessor;
    }).toThrow(/@Encrypt applies to data properties, not to the accessor or method EncryptedAccessor\.card/);
  });
});

describe('a field ciphertext between DTO classes', () => {
  class Customer {
    @Encrypt() public ssn!: string;
  }
  class Employee {
    @Encrypt() public ssn!: string;
  }
  class BoundCustomer {
    @Encrypt({ context: { dto: 'customer' } }) public ssn!: string;
  }
  class BoundEmployee {
    @Encrypt({ context: { dto: 'employee' } }) public ssn!: string;
  }

  it('moves between classes that share the location (class names are not bound: they change with minifiers)', async () => {
    const masked = await masker.mask(Object.assign(new Customer(), { ssn: '123-45-6789' }));
    await expect(masker.unmask(Employee, masked)).resolves.toMatchObject({ ssn: '123-45-6789' });
  });

  it('does not move when each class binds its own @Encrypt context', async () => {
    const masked = await masker.mask(Object.assign(new BoundCustomer(), { ssn: '123-45-6789' }));
    await expect(masker.unmask(BoundCustomer, masked)).resolves.toMatchObject({ ssn: '123-45-6789' });
    await expect(masker.unmask(BoundEmployee, masked)).rejects.toBeInstanceOf(DataMaskingContextMismatchError);
  });
});
