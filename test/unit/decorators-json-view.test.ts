/**
 * One view for DTOs: what `mask` / `maskSync`, `@MaskHandler` and Middy's `maskResponse` output is
 * the JSON view of the input (what JSON.stringify would serialize) with the masks applied. A
 * decorated DTO with its own `toJSON()` is masked first, then its `toJSON()` runs on the masked
 * copy; a wrapper that shows DTOs only through `toJSON()` has them masked. Attacks tried: a
 * toJSON that hides, renames, derives from, or returns `this`; an own (bound) toJSON; a throwing
 * toJSON; @Encrypt behind a toJSON.
 */
import middy from '@middy/core';
import 'reflect-metadata';
import { Exclude, Type } from 'class-transformer';
import { DATA_MASKING_STRING, DataMasking, DataMaskingUnsupportedTypeError, Encrypt, Erase, MaskHandler } from 'lambda-data-masking';
import { maskResponse } from 'lambda-data-masking/middy';
import { AesTestProvider } from '../fixtures/aes-test-provider';

/** The shape of Powertools' `LambdaInterface`. */
interface LambdaInterface {
  handler(...args: unknown[]): Promise<unknown>;
}

const masker = new DataMasking({ provider: new AesTestProvider() });

class AddressDto {
  @Erase() public street!: string;
  public city!: string;
}

/** A DTO whose toJSON() hides its password hash (a common pattern). */
class UserDto {
  public id!: string;
  @Erase() public email!: string;
  public passwordHash!: string;
  @Type(() => AddressDto) public address!: AddressDto;

  public toJSON() {
    const { passwordHash: _hidden, ...visible } = this;
    return visible;
  }
}

const user = (): UserDto =>
  Object.assign(new UserDto(), {
    id: 'u-1',
    email: 'ann@example.com',
    passwordHash: '$2b$10$hash-never-out',
    address: Object.assign(new AddressDto(), { street: '1 Main St', city: 'Springfield' }),
  });

const EXPECTED = { id: 'u-1', email: DATA_MASKING_STRING, address: { street: DATA_MASKING_STRING, city: 'Springfield' } };
const SECRETS = /ann@example\.com|hash-never-out|Main St/;

/** Keeps its items in a private field; only toJSON() shows them. */
class Page<T> {
  readonly #items: T[];

  public constructor(items: T[]) {
    this.#items = items;
  }

  public toJSON() {
    return { items: this.#items, total: this.#items.length };
  }
}

describe('a decorated DTO with its own toJSON()', () => {
  it('is masked, then viewed: the member toJSON() hides never comes back', () => {
    expect(JSON.parse(JSON.stringify(user()))).not.toHaveProperty('passwordHash');
    const masked = masker.maskSync(user());
    expect(masked).toEqual(EXPECTED);
    expect(JSON.stringify(masked)).not.toMatch(SECRETS);
  });

  it('hands toJSON() only masked values: renamed or derived, a decorated value stays masked', () => {
    class Renamed {
      @Erase() public email!: string;
      @Erase({ dynamicMask: true }) public phone!: string;
      public toJSON() {
        return { contact: this.email, domain: this.email.split('@')[1], last4: this.phone.slice(-4), upper: this.email.toUpperCase() };
      }
    }
    const masked = masker.maskSync(Object.assign(new Renamed(), { email: 'ann@example.com', phone: '+1 555-0100' }));
    expect(masked).toEqual({ contact: DATA_MASKING_STRING, last4: '****', upper: DATA_MASKING_STRING });
    expect(JSON.stringify(masked)).not.toMatch(/ann|example|0100/);
  });

  it('masks what toJSON() adds (a DTO it returns is masked by its own decorators)', () => {
    class Holder {
      @Erase() public code!: string;
      public toJSON() {
        return { code: this.code, extra: Object.assign(new AddressDto(), { street: '2 Side St', city: 'X' }) };
      }
    }
    expect(masker.maskSync(Object.assign(new Holder(), { code: 'c' }))).toEqual({
      code: DATA_MASKING_STRING,
      extra: { street: DATA_MASKING_STRING, city: 'X' },
    });
  });

  it('a toJSON() that returns this gives the masked copy; @Exclude still hides', () => {
    class Self {
      @Erase() public secret!: string;
      @Exclude() public internal!: string;
      public open!: string;
      public toJSON() {
        return this;
      }
    }
    expect(masker.maskSync(Object.assign(new Self(), { secret: 's', internal: 'i', open: 'o' }))).toEqual({ secret: DATA_MASKING_STRING, open: 'o' });
  });

  it('is masked the same inside arrays, plain data and wrappers, by mask and maskSync', async () => {
    const data = { list: [user(), user()], page: new Page([user()]) };
    const expected = { list: [EXPECTED, EXPECTED], page: { items: [EXPECTED], total: 1 } };
    expect(masker.maskSync(data)).toEqual(expected);
    await expect(masker.mask(data)).resolves.toEqual(expected);
  });

  it('refuses an own (bound) toJSON member, which would see the original values', () => {
    class Bound {
      @Erase() public email = 'ann@example.com';
      public toJSON = () => ({ email: this.email });
    }
    expect(() => masker.maskSync(new Bound())).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => masker.maskSync(new Bound())).toThrow(/Bound has @Erase\/@Encrypt properties and an own toJSON member/);
  });

  it('refuses an @Encrypt value behind a toJSON() (its ciphertext could not be placed), not an unset one', async () => {
    class Card {
      public id!: string;
      @Encrypt() public number?: string;
      public toJSON() {
        return { id: this.id, number: this.number };
      }
    }
    const error = await masker.mask(Object.assign(new Card(), { id: 'c', number: '4111111111111111' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect((error as Error).message).toMatch(/Card has toJSON\(\) and holds @Encrypt values/);
    expect((error as Error).message).not.toContain('4111');
    await expect(masker.mask(Object.assign(new Card(), { id: 'c' }))).resolves.toEqual({ id: 'c' });
  });

  it('reports a throwing toJSON() as a typed error with the original as cause, without its message', () => {
    class Throws {
      @Erase() public email = 'ann@example.com';
      public toJSON(): never {
        throw new Error('toJSON saw ann@example.com');
      }
    }
    let caught: unknown;
    try {
      masker.maskSync(new Throws());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect((caught as Error).message).not.toContain('ann@');
    expect((caught as Error & { cause?: Error }).cause?.message).toBe('toJSON saw ann@example.com');
  });
});

describe('@MaskHandler and Middy output the same view', () => {
  it('@MaskHandler, with and without fields', async () => {
    class Handler implements LambdaInterface {
      @MaskHandler()
      public async handler(): Promise<unknown> {
        return new Page([user()]);
      }
    }
    class WithFields implements LambdaInterface {
      @MaskHandler(['items[*].id'])
      public async handler(): Promise<unknown> {
        return new Page([user()]);
      }
    }
    await expect(new Handler().handler()).resolves.toEqual({ items: [EXPECTED], total: 1 });
    await expect(new WithFields().handler()).resolves.toEqual({ items: [{ ...EXPECTED, id: DATA_MASKING_STRING }], total: 1 });
  });

  it('Middy maskResponse', async () => {
    const handler = middy(async () => ({ user: user(), page: new Page([user()]) })).use(maskResponse({ masker }));
    const result = await handler({}, { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as never);
    expect(result).toEqual({ user: EXPECTED, page: { items: [EXPECTED], total: 1 } });
    expect(JSON.stringify(result)).not.toMatch(SECRETS);
  });
});
