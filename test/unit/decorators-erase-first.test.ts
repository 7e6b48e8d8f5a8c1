/**
 * `@MaskHandler` / `maskResult` with erase-only options erase at once (no DTO pre-scan) and redo
 * through the DTOs' metadata only when the erase met a class instance: the outputs are those of
 * "metadata first, then the fields" in every case.
 */
import 'reflect-metadata';
import { Exclude } from 'class-transformer';
import { DataMasking, DataMaskingFieldNotFoundError, Encrypt, Erase, MaskHandler, maskResult } from 'lambda-data-masking';
import { countClassInstances } from '../../src/json/json-view';
import { AesTestProvider } from '../fixtures/aes-test-provider';

const make = <T extends object>(type: new () => T, data: Partial<T>): T => Object.assign(new type(), data);

class User {
  id!: string;
  @Erase() secret!: string;
  @Exclude() hidden!: string;
  email!: string;
}

const user = (): User => make(User, { id: 'u', secret: 's3cret', hidden: 'h1dden', email: 'ann@example.com' });

/** What the result must be: the DTOs' metadata first, then the fields. */
const reference = (masker: DataMasking, value: unknown, fields: string[]): unknown => masker.erase(masker.maskSync(value), { fields });

describe('erase-only @MaskHandler / maskResult without the DTO pre-scan', () => {
  const masker = new DataMasking();

  it('a plain result is erased once: the interpreter is not run', async () => {
    const maskSync = jest.spyOn(masker, 'maskSync');
    const result = { email: 'ann@example.com', list: [{ email: 'b@c.d', when: new Date(0) }], id: 1 };
    expect(await maskResult(result, { erase: ['email', 'list[*].email'], masker })).toEqual({
      email: '*****',
      list: [{ email: '*****', when: '1970-01-01T00:00:00.000Z' }],
      id: 1,
    });
    expect(maskSync).not.toHaveBeenCalled();
    // The erase met no class instance (a Date does not count), which is why no DTO pass ran.
    expect(countClassInstances(() => masker.erase(result, { fields: ['email', 'list[*].email'] }))).toBe(0);
    maskSync.mockRestore();
  });

  it('a result holding a DTO anywhere is masked by its metadata (and @Exclude) first, then the fields', async () => {
    for (const value of [user(), [user()], { wrapper: { users: [user()] }, email: 'x@y.z' }]) {
      const fields = Array.isArray(value) ? ['[*].email'] : value instanceof User ? ['email'] : ['email', 'wrapper.users[*].email'];
      const masked = await maskResult(value, { erase: fields, masker });
      expect(masked).toEqual(reference(masker, value, fields));
      expect(JSON.stringify(masked)).not.toMatch(/s3cret|h1dden|ann@/);
    }
  });

  it('a DTO with toJSON is masked by its metadata, not by its toJSON', async () => {
    class Jsonable {
      @Erase() secret!: string;
      open!: string;
      toJSON() {
        return { secret: this.secret, open: this.open };
      }
    }
    const value = { item: make(Jsonable, { secret: 's3cret', open: 'o' }) };
    expect(await maskResult(value, { erase: ['item.open'], masker })).toEqual({ item: { secret: '*****', open: '*****' } });
  });

  it('an instance of an undecorated class gives the same output as before', async () => {
    class Point {
      x = 1;
      y = 2;
      label = 'p';
    }
    const value = { point: new Point(), email: 'a@b.c' };
    expect(await maskResult(value, { erase: ['point.label', 'email'], masker })).toEqual({ point: { x: 1, y: 2, label: '*****' }, email: '*****' });
  });

  it('an error of the first erase inside a DTO is discarded when its metadata masks the offending value', async () => {
    class Holder {
      @Erase() blob!: unknown;
      name!: string;
    }
    const value = { holder: make(Holder, { blob: new Map([['k', 'v']]), name: 'n' }) };
    expect(await maskResult(value, { erase: ['holder.name'], masker })).toEqual({ holder: { blob: '*****', name: '*****' } });
  });

  it('a field that only the raw DTO has (it is @Exclude-d) is missing, as before', async () => {
    const strict = new DataMasking({ throwOnMissingField: true });
    await expect(maskResult({ user: user() }, { erase: ['user.hidden'], masker: strict })).rejects.toThrow(DataMaskingFieldNotFoundError);
  });

  it("a DTO erased whole by a field becomes '*****' (as many as an array holds)", async () => {
    expect(await maskResult({ user: user(), users: [user(), user()] }, { erase: ['user', 'users'], masker })).toEqual({
      user: '*****',
      users: ['*****', '*****'],
    });
  });

  it('@MaskHandler: same outputs, sync and async handlers', async () => {
    class Lambda {
      @MaskHandler(['email'])
      public handler(value: unknown) {
        return value;
      }

      @MaskHandler(['email'])
      public async asyncHandler(value: unknown) {
        return value;
      }
    }
    const lambda = new Lambda();
    expect(await lambda.handler({ email: 'a@b.c', id: 1 })).toEqual({ email: '*****', id: 1 });
    expect(await lambda.asyncHandler(user())).toEqual({ id: 'u', secret: '*****', email: '*****' });
  });
});

describe('with encrypt fields (the pre-scan is kept)', () => {
  it('encrypts each value once, after the DTO metadata', async () => {
    const provider = new AesTestProvider();
    const encrypt = jest.spyOn(provider, 'encrypt');
    const masker = new DataMasking({ provider });
    class Card {
      @Encrypt() number!: string;
      @Erase() holder!: string;
      note!: string;
    }
    const value = { card: make(Card, { number: '4111', holder: 'Ann', note: 'n' }), email: 'a@b.c' };
    const masked = (await maskResult(value, { erase: ['email'], encrypt: ['card.note'], masker })) as { card: Record<string, unknown>; email: string };
    expect(encrypt).toHaveBeenCalledTimes(2);
    expect(masked.email).toBe('*****');
    expect(masked.card.holder).toBe('*****');
    expect(JSON.stringify(masked)).not.toMatch(/4111|Ann/);
  });
});

describe('countClassInstances: the state of one walk, not of the process', () => {
  const masker = new DataMasking();
  class Point {
    public constructor(public x = 1) {}
  }

  it('counts the class instances a walk takes the JSON view of, Dates aside, and starts at zero for each walk', () => {
    const value = { a: new Point(), b: [new Point(), { when: new Date(0) }] };
    expect(countClassInstances(() => masker.erase(value, { fields: ['a.x'] }))).toBe(2);
    expect(countClassInstances(() => masker.erase(value, { fields: ['a.x'] }))).toBe(2);
    expect(countClassInstances(() => masker.erase({ when: new Date(0) }, { fields: ['when'] }))).toBe(0);
  });

  it('counts a walk inside a walk for both, and still counts when the walk throws', () => {
    let inner = -1;
    const outer = countClassInstances(() => {
      inner = countClassInstances(() => masker.erase({ p: new Point() }, { fields: ['p'] }));
    });
    expect({ inner, outer }).toEqual({ inner: 1, outer: 1 });
    expect(
      countClassInstances(() => {
        try {
          masker.erase({ p: new Point() }, { fields: ['missing'] });
        } catch {
          // the walk failed after it met the instance
        }
      }),
    ).toBe(1);
  });
});
