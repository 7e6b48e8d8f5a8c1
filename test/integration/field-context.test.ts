/**
 * Field-level encryption contexts hold no data (issue 9, item 5) and field-level encrypt and
 * decrypt with the same `fields` are symmetric (item 10). Real ESDK, real KMS client over HTTP
 * to LocalKms; the KMS requests are captured on the wire, as KMS (and CloudTrail) receives them.
 */
import fc from 'fast-check';
import { KMS } from '@aws-sdk/client-kms';
import { DataMasking, DataMaskingContextMismatchError, DataMaskingInvalidOptionsError, FIELD_CONTEXT_KEY } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, inspectCiphertext } from 'lambda-data-masking/kms';
import { LocalKms, type LocalKmsKey } from 'lambda-data-masking/testing';

const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };
const context = { tenant_id: 'tenant-1' };
const CANARY = 'CANARY-5e1d';

let kms: LocalKms;
let key: LocalKmsKey;
/** Every KMS request body sent, as bytes on the wire. */
const wire: string[] = [];

const kmsClient = (): KMS => {
  const client = new KMS(kms.clientConfig());
  client.middlewareStack.add(
    (next) => async (args) => {
      const body = (args.request as { body?: unknown }).body;
      const bytes = body as Uint8Array;
      wire.push(typeof body === 'string' ? body : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
      return next(args);
    },
    { step: 'finalizeRequest', name: 'captureKmsRequests' },
  );
  return client;
};

const maskerFor = (): DataMasking => new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [key.arn], kmsClient: kmsClient() }) });

beforeAll(async () => {
  kms = await LocalKms.start();
  key = kms.createKey();
});
afterAll(async () => kms.stop());
beforeEach(() => {
  wire.length = 0;
  kms.resetCounters();
});

/** Users keyed by e-mail: the member names are data. */
const directory = () => ({
  users: {
    [`ann.${CANARY}@example.com`]: { ssn: '111-11-1111', name: 'Ann', tags: [{ label: 'x' }] },
    [`bob.${CANARY}@example.com`]: { ssn: '222-22-2222', name: 'Bob', tags: [{ label: 'y' }] },
  },
  [`${CANARY}-top`]: { ssn: '333-33-3333' },
});

const ciphertextsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? value.startsWith('A') && value.length > 100
      ? [value]
      : []
    : typeof value === 'object' && value !== null
      ? Object.values(value).flatMap(ciphertextsIn)
      : [];

describe('no data-derived string enters a field context', () => {
  it.each([
    ['a wildcard', ['users.*.ssn']],
    ['recursive descent', ['$..ssn']],
    ['a filter', ['$.users[?(@.ssn)].ssn']],
    ['a wildcard selecting whole members', ['$.users.*']],
    ['descent to array elements', ['$..tags[*].label']],
    ['a wildcard at the root', ['$.*']],
  ])('%s: the header and every KMS request are free of member names taken from the data', async (_name, fields) => {
    const masker = maskerFor();
    const encrypted = await masker.encrypt(directory(), { fields, context, providerOptions: UNSIGNED });
    const ciphertexts = ciphertextsIn(encrypted);
    expect(ciphertexts.length).toBeGreaterThan(0);
    for (const ciphertext of ciphertexts) {
      const info = inspectCiphertext(ciphertext);
      expect(JSON.stringify(info.encryptionContext)).not.toContain(CANARY);
      // The whole header, byte for byte (the context travels there in clear).
      expect(Buffer.from(ciphertext, 'base64').subarray(0, info.headerLength).toString('latin1')).not.toContain(CANARY);
    }
    expect(wire.some((body) => body.includes('"EncryptionContext"') && body.includes('tenant-1'))).toBe(true);
    for (const body of wire) expect(body).not.toContain(CANARY);
    expect(await masker.decrypt(encrypted, { fields, context })).toEqual(directory());
    for (const body of wire) expect(body).not.toContain(CANARY);
  });

  it('keeps the names the path spelled out, abstracts the others, and all members of a map share one data key', async () => {
    const masker = maskerFor();
    const encrypted = await masker.encrypt(directory(), { fields: ['users.*.ssn', '$..label'], context, providerOptions: UNSIGNED });
    const users = Object.values(encrypted.users) as { ssn: string; tags: { label: string }[] }[];
    expect(users.map((user) => inspectCiphertext(user.ssn).encryptionContext[FIELD_CONTEXT_KEY])).toEqual(['$.users.*.ssn', '$.users.*.ssn']);
    expect(inspectCiphertext(users[0]!.tags[0]!.label).encryptionContext[FIELD_CONTEXT_KEY]).toBe('$.*.*.*[*].label');
    // Two shapes, two data keys (cached), whatever the number of users.
    expect(kms.calls.GenerateDataKey).toBe(2);
  });

  it('a member name the path spelled out is kept, with odd characters quoted', async () => {
    const encrypted = (await maskerFor().encrypt({ 'a b': { '*': 'v' } }, { fields: ["$['a b']['*']"], context, providerOptions: UNSIGNED })) as {
      'a b': Record<string, string>;
    };
    expect(inspectCiphertext(encrypted['a b']['*']!).encryptionContext[FIELD_CONTEXT_KEY]).toBe('$["a b"]["*"]');
  });
});

describe('anti-swap: what it prevents and what it does not', () => {
  it('prevents moving a ciphertext to a field of another shape', async () => {
    const masker = maskerFor();
    const fields = ['users.*.ssn', 'users.*.name'];
    const encrypted = (await masker.encrypt(directory(), { fields, context, providerOptions: UNSIGNED })) as {
      users: Record<string, { ssn: string; name: string }>;
    };
    const [ann] = Object.keys(encrypted.users);
    const user = encrypted.users[ann!]!;
    [user.ssn, user.name] = [user.name, user.ssn];
    await expect(masker.decrypt(encrypted, { fields, context })).rejects.toThrow(DataMaskingContextMismatchError);
  });

  it('does NOT prevent swapping members matched by the same wildcard step, nor replay into the same field of another record', async () => {
    const masker = maskerFor();
    const fields = ['users.*.ssn'];
    const encrypted = await masker.encrypt(directory(), { fields, context, providerOptions: UNSIGNED });
    const [ann, bob] = Object.keys(encrypted.users) as [string, string];
    const users = encrypted.users as Record<string, { ssn: string }>;
    [users[ann]!.ssn, users[bob]!.ssn] = [users[bob]!.ssn, users[ann]!.ssn];
    const swapped = (await masker.decrypt(encrypted, { fields, context })) as { users: Record<string, { ssn: string }> };
    expect(swapped.users[ann]!.ssn).toBe('222-22-2222');
  });
});

describe('decrypt with a different list', () => {
  const cards = () => ({
    cards: [
      { number: '4111', cvv: 1 },
      { number: '5500', cvv: 2 },
    ],
  });

  it('an equivalent list that spells the same names decrypts (indexes, quotes and $ do not matter)', async () => {
    const masker = maskerFor();
    const encrypted = await masker.encrypt(cards(), { fields: ['cards[*].number'], context, providerOptions: UNSIGNED });
    await expect(masker.decrypt(encrypted, { fields: ["$['cards'][0,1]['number']"], context })).resolves.toEqual(cards());
    await expect(masker.decrypt(encrypted, { fields: ['$.cards[?(@.cvv)].number'], context })).resolves.toEqual(cards());
  });

  it('a list that reaches the same fields through a data-derived step fails closed with a context mismatch', async () => {
    const masker = maskerFor();
    const encrypted = await masker.encrypt(cards(), { fields: ['cards[*].number'], context, providerOptions: UNSIGNED });
    const error = await masker.decrypt(encrypted, { fields: ['$..number'], context }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataMaskingContextMismatchError);
    expect((error as Error).message).toContain('same fields');
  });
});

describe('round-trip symmetry', () => {
  it.each([
    ['overlapping paths', ['a', 'a.b']],
    ['overlapping paths, inner first', ['a.b', 'a']],
    ['the root', ['$']],
    ['the root and a path inside it', ['$', 'a.b']],
    ['descent over a selected parent', ['$..b', 'a']],
  ])('%s: decrypt with the same list restores the document', async (_name, fields) => {
    const masker = maskerFor();
    const data = { a: { b: { b: 1 }, c: 'x' }, d: [{ b: 2 }] };
    const encrypted = await masker.encrypt(data, { fields, context, providerOptions: UNSIGNED });
    await expect(masker.decrypt(encrypted, { fields, context })).resolves.toEqual(data);
  });

  it('a filter reading a value the same list encrypts is refused at encrypt', async () => {
    const masker = maskerFor();
    const data = {
      cards: [
        { type: 'visa', number: '4111' },
        { type: 'amex', number: '3400' },
      ],
    };
    const fields = ['cards[*].type', "cards[?(@.type == 'visa')].number"];
    await expect(masker.encrypt(data, { fields, context, providerOptions: UNSIGNED })).rejects.toThrow(DataMaskingInvalidOptionsError);
  });

  it('property: whatever encrypt accepts with a fields list, decrypt with the same list reverses', async () => {
    const masker = new DataMasking({
      provider: new AWSEncryptionSDKProvider({ keys: [key.arn], kmsClientConfig: kms.clientConfig() }),
      throwOnMissingField: false,
      logger: { warn: () => undefined },
    });
    const leaf = fc.oneof(fc.integer(), fc.constantFrom('x', '', null, true));
    const doc = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
      object: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3, noNullPrototype: true }),
      array: fc.array(tie('value'), { maxLength: 3 }),
    })).object;
    const path = fc.constantFrom(
      '$',
      'a',
      'a.b',
      'b',
      '$..a',
      '$..b',
      '$.*',
      'a.*',
      'a[*]',
      '$..*',
      'a[0]',
      'c[-1]',
      'a[?(@.b)]',
      '$..[?(@ == 1)]',
      "b[?(@.c == 'x')].a",
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(doc, fc.array(path, { minLength: 1, maxLength: 3 }), async (data, fields) => {
        let encrypted: unknown;
        try {
          encrypted = await masker.encrypt(data, { fields, context, providerOptions: UNSIGNED });
        } catch (error) {
          expect(error).toBeInstanceOf(DataMaskingInvalidOptionsError); // a filter reads what the list encrypts
          return;
        }
        accepted++;
        expect(await masker.decrypt(encrypted, { fields, context })).toEqual(data);
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
