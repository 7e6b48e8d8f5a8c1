/**
 * Middy `maskResponse({ body: true })` with a JSON string body: parsed once, masked without a
 * second copy of the parsed tree (what no path reaches is shared with it, then serialized), and
 * serialized once. These tests pin what that must not change: the output equals the hand-written
 * parse, erase, stringify for every kind of member JSON can carry (including `__proto__`,
 * `constructor` and `toJSON` keys, which are data), options are fixed when the middleware is made,
 * and failures stay typed and never return the unmasked body. Real Middy.
 */
import middy from '@middy/core';
import { DATA_MASKING_STRING, DataMasking, DataMaskingFieldNotFoundError, DataMaskingUnsupportedTypeError, type EraseOptions } from 'lambda-data-masking';
import { maskResponse } from 'lambda-data-masking/middy';

const lambdaContext = { functionName: 'fn', awsRequestId: 'req', getRemainingTimeInMillis: () => 30_000 } as never;

/** A handler returning `body` as an API Gateway result, masked by `maskResponse(options)`. */
const run = async (body: string, options: Parameters<typeof maskResponse>[0]): Promise<{ statusCode: number; body: string }> =>
  (await middy(async () => ({ statusCode: 200, body })).use(maskResponse(options))({}, lambdaContext)) as { statusCode: number; body: string };

/** What the hand-written code produces for the same body. */
const handWritten = (body: string, options: EraseOptions): string => JSON.stringify(new DataMasking().erase(JSON.parse(body) as unknown, options));

describe('maskResponse({ body: true }) on a JSON string body', () => {
  const bodies: [string, string, string[]][] = [
    [
      'nested records, wildcard',
      JSON.stringify({
        users: [
          { id: 1, email: 'a@x', tags: ['t'], p: { k: 'v' } },
          { id: 2, email: 'b@x', tags: [], p: null },
        ],
      }),
      ['users[*].email'],
    ],
    ['recursive descent', JSON.stringify({ a: { email: 'a@x', b: [{ email: 'b@x' }] }, c: 'keep' }), ['$..email']],
    [
      'filter reading siblings',
      JSON.stringify({
        items: [
          { n: 1, s: 'one' },
          { n: 5, s: 'five' },
        ],
      }),
      ['$.items[?(@.n > 2)].s'],
    ],
    ['an array root', JSON.stringify([{ email: 'a@x', keep: { deep: [1, 2] } }]), ['[*].email']],
    [
      'data keys named __proto__, constructor, toJSON',
      '{"__proto__":{"email":"a@x","x":1},"constructor":{"email":"b@x"},"toJSON":"data","email":"c@x"}',
      ['$..email'],
    ],
    ['an untouched __proto__ subtree next to a masked member', '{"__proto__":{"polluted":true},"email":"a@x"}', ['email']],
  ];

  it.each(bodies)('%s: the same body as parse, erase, stringify by hand', async (_name, body, fields) => {
    const response = await run(body, { erase: fields, body: true });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(handWritten(body, { fields }));
    expect(response.body).not.toMatch(/[abc]@x/);
  });

  it('keeps a __proto__ member as data: nothing is written through it, no prototype changes', async () => {
    const response = await run('{"__proto__":{"polluted":true},"email":"a@x"}', { erase: ['email'], body: true });
    expect(response.body).toBe(`{"__proto__":{"polluted":true},"email":"${DATA_MASKING_STRING}"}`);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('masks a whole subtree selected by a path, and a partial mask recurses into it', async () => {
    const body = JSON.stringify({ card: { number: '4111', cvv: '123' }, note: 'ann-smith' });
    expect(JSON.parse((await run(body, { erase: ['card'], body: true })).body)).toEqual({ card: DATA_MASKING_STRING, note: 'ann-smith' });
    const partial = await run(body, { erase: { fields: ['card', 'note'], dynamicMask: true }, body: true });
    expect(JSON.parse(partial.body)).toEqual({ card: { number: '****', cvv: '***' }, note: '***-*****' });
  });

  it('masks the same way on every call (the compiled paths are reused, nothing leaks between calls)', async () => {
    const handler = middy(async (event: { email: string }) => ({ statusCode: 200, body: JSON.stringify({ email: event.email, id: 1 }) })).use(
      maskResponse({ erase: ['email'], body: true }),
    );
    for (const email of ['a@x', 'b@x', 'c@x']) {
      const response = (await handler({ email }, lambdaContext)) as { body: string };
      expect(response.body).toBe(`{"email":"${DATA_MASKING_STRING}","id":1}`);
    }
  });

  it("options are fixed when the middleware is made: changing the caller's lists afterwards changes nothing", async () => {
    const fields = ['email'];
    const erase: { fields: string[] } = { fields: ['email'] };
    const byList = middy(async () => ({ statusCode: 200, body: '{"email":"a@x","name":"Ann"}' })).use(maskResponse({ erase: fields, body: true }));
    const byOptions = middy(async () => ({ statusCode: 200, body: '{"email":"a@x","name":"Ann"}' })).use(maskResponse({ erase, body: true }));
    fields[0] = 'name';
    erase.fields[0] = 'name';
    for (const handler of [byList, byOptions]) {
      const response = (await handler({}, lambdaContext)) as { body: string };
      expect(JSON.parse(response.body)).toEqual({ email: DATA_MASKING_STRING, name: 'Ann' });
    }
  });

  it('a missing path follows the masker: typed error by default, a warning naming the path with throwOnMissingField: false', async () => {
    await expect(run('{"name":"Ann"}', { erase: ['email'], body: true })).rejects.toThrow(DataMaskingFieldNotFoundError);
    const warnings: string[] = [];
    const masker = new DataMasking({ throwOnMissingField: false, logger: { warn: (message: string) => warnings.push(message) } });
    const response = await run('{"name":"Ann","secret":"s3"}', { erase: ['email', 'secret'], body: true, masker });
    expect(JSON.parse(response.body)).toEqual({ name: 'Ann', secret: DATA_MASKING_STRING });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('email');
    expect(warnings[0]).not.toContain('s3');
  });

  it('an untyped erase object cannot switch off the missing-field check or change sharing', async () => {
    const erase = { fields: ['email'], onMissingField: 'ignore', shareUnchanged: true } as never;
    await expect(run('{"name":"Ann"}', { erase, body: true })).rejects.toThrow(DataMaskingFieldNotFoundError);
    const returned = { name: 'Ann', nested: { email: 'a@x' } };
    const handler = middy(async () => returned).use(maskResponse({ erase: { fields: ['name'], shareUnchanged: true } as never }));
    const response = (await handler({}, lambdaContext)) as typeof returned;
    expect(response.nested).not.toBe(returned.nested); // still a copy: the object result is handed out
    expect(response.nested).toEqual({ email: 'a@x' });
  });

  it('a body that is not JSON, or JSON without the selected structure, is refused with a typed error that quotes nothing', async () => {
    const secret = 'ann@example.com';
    for (const body of [`not json ${secret}`, JSON.stringify(secret), '42']) {
      const failure = await run(body, { erase: ['email'], body: true }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DataMaskingUnsupportedTypeError);
      expect(String((failure as Error).message)).not.toContain(secret);
    }
  });

  it('a megabyte-sized body with thousands of records is masked completely', async () => {
    const records = Array.from({ length: 5_000 }, (_, id) => ({ id, email: `user${id}@x`, bio: 'b'.repeat(150) }));
    const response = await run(JSON.stringify({ records }), { erase: ['records[*].email'], body: true });
    expect(response.body.length).toBeGreaterThan(800_000);
    expect(response.body).not.toMatch(/user\d+@x/);
    expect((JSON.parse(response.body) as { records: { email: string }[] }).records.every((record) => record.email === DATA_MASKING_STRING)).toBe(true);
  });
});
