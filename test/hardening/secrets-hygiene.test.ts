/**
 * Hardening — secrets hygiene: targeted probes of every error and warning path that could quote
 * a payload value. Each probe plants canaries in its payload and triggers one failure (or
 * warning); the error (message, stack, cause chain, util.inspect), the warnings (capturing
 * logger, and the default console logger) and everything written to console / stdout / stderr
 * are scanned. The other hardening files run the same checks over their whole campaigns.
 */

import 'reflect-metadata';
import { DataMasking, DataMaskingError, Encrypt, Erase } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, type AWSEncryptionSDKProviderCommonOptions } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { CanaryRegistry, leaksInError, OutputWatch, SecretsLedger } from './support/canary';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const ledger = new SecretsLedger();
const c = (): string => ledger.canaries.next();
const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };
const context = { tenant_id: 'tenant-hygiene' };

let kms: LocalKms;
let keyArn: string;

const provider = (options: AWSEncryptionSDKProviderCommonOptions = {}): AWSEncryptionSDKProvider =>
  new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: { ...kms.clientConfig(), maxAttempts: 1 }, ...options });
const masker = (options: ConstructorParameters<typeof DataMasking>[0] = {}): DataMasking =>
  new DataMasking({ provider: provider(), logger: ledger.logger, ...options });

/** The error a probe throws (sync or async); a probe that does not throw fails the test. */
const errorOf = async (probe: () => unknown): Promise<Error> => {
  try {
    await probe();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the probe was expected to throw');
};

class Secretive {
  @Erase() password!: string;
  @Encrypt() card!: string;
  name!: string;
}

beforeAll(async () => {
  ledger.output.start();
  kms = await LocalKms.start();
  keyArn = kms.createKey().arn;
});

afterAll(async () => {
  ledger.output.stop();
  await kms?.stop();
});

describe('the hygiene checks themselves', () => {
  it('find a canary in a nested cause, an own property, or without its CANARY- prefix', () => {
    const probe = new CanaryRegistry();
    const canary = probe.next();
    const nested = new DataMaskingError('outer', { cause: new Error('middle', { cause: new Error(`inner ${canary}`) }) });
    expect(leaksInError(probe, nested).map((leak) => leak.where)).toEqual(expect.arrayContaining(['error: error.cause.cause.message']));
    const withProperty = Object.assign(new Error('plain'), { $response: { body: canary } });
    expect(leaksInError(probe, withProperty).map((leak) => leak.where)).toEqual(['error: inspect(error)']);
    expect(probe.find(`...${canary.slice('CANARY-'.length)}...`)).toBeDefined();
    expect(leaksInError(probe, new Error('clean'))).toEqual([]);
  });

  it('see what is written to console and process.stderr', () => {
    const probe = new CanaryRegistry();
    const token = probe.next().slice('CANARY-'.length); // the bare token: invisible to the campaign's marker check
    const watch = new OutputWatch().start();
    try {
      console.info(`console sees ${token}`);
      process.stderr.write(`stderr sees ${token}\n`);
    } finally {
      watch.stop();
    }
    // (jest's console also writes through process.stdout)
    expect(watch.leaks(probe).map((leak) => leak.where)).toEqual(expect.arrayContaining(['console.info', 'process.stderr']));
  });
});

describe('no canary in any error or warning', () => {
  const probes: [string, () => unknown][] = [
    ['erase: a JSON string that is not JSON', () => masker().erase(`{"ssn": "${c()}"`, { fields: ['ssn'] })],
    ['erase: a function next to a secret', () => masker().erase({ ssn: c(), fn: () => c() }, { fields: ['ssn'] })],
    ['erase: a bigint next to a secret', () => masker().erase({ ssn: c(), big: BigInt(7), other: c() }, { fields: ['ssn'] })],
    ['erase: a Map of secrets', () => masker().erase({ nested: new Map([[c(), c()]]), ssn: c() }, { fields: ['ssn'] })],
    [
      'erase: a cycle',
      () => {
        const cyclic: Record<string, unknown> = { ssn: c() };
        cyclic.self = cyclic;
        return masker().erase(cyclic, { fields: ['ssn'] });
      },
    ],
    ['erase: a path that matches nothing', () => masker().erase({ ssn: c() }, { fields: ['passport'] })],
    ['erase: an invalid regular expression', () => masker().erase({ ssn: c() }, { fields: ['ssn'], regexPattern: '(', maskFormat: '*' })],
    [
      'erase: too deep',
      () => {
        let deep: unknown = c();
        for (let level = 0; level < 600; level++) deep = { a: deep, s: c() };
        return masker().erase(deep, { fields: ['s'] });
      },
    ],
    ['encrypt: a context value that is not a string', () => masker().encrypt({ ssn: c() }, { context: { tenant_id: 7 as never, other: c() } })],
    [
      'encrypt: a serializer that quotes the value in its error',
      () =>
        new DataMasking({
          provider: provider({
            jsonSerializer: (value) => {
              throw new Error(`cannot serialize ${JSON.stringify(value)}`);
            },
          }),
        }).encrypt({ ssn: c() }),
    ],
    [
      'encrypt: a serializer returning a non-string',
      () => new DataMasking({ provider: provider({ jsonSerializer: () => ({ leaked: c() }) as never }) }).encrypt({ ssn: c() }),
    ],
    ['encrypt fields: a field that is missing', () => masker().encrypt({ ssn: c() }, { fields: ['ssn', 'passport'], context })],
    [
      'encrypt: KMS access denied',
      async () => {
        const subject = masker();
        kms.denyAccess(keyArn);
        try {
          return await subject.encrypt({ ssn: c() }, { context, providerOptions: UNSIGNED });
        } finally {
          kms.allowAccess(keyArn);
        }
      },
    ],
    ['decrypt: a plaintext secret instead of a ciphertext', () => masker().decrypt(c(), { context })],
    ['decrypt: a secret spelled in base64 alphabet', () => masker().decrypt(c().replace(/-/g, 'A'), { context })],
    ['decrypt: base64 of a secret', () => masker().decrypt(Buffer.from(c()).toString('base64'), { context })],
    [
      'decrypt: another tenant',
      async () => {
        const subject = masker();
        return subject.decrypt(await subject.encrypt({ ssn: c() }, { context: { tenant_id: c() }, providerOptions: UNSIGNED }), {
          context: { tenant_id: c() },
        });
      },
    ],
    [
      'decrypt: a plaintext that is not JSON (default deserializer)',
      async () => {
        const writer = new DataMasking({ provider: provider({ jsonSerializer: () => `not json ${c()}` }) });
        return masker().decrypt(await writer.encrypt('x', { context, providerOptions: UNSIGNED }), { context });
      },
    ],
    [
      'decrypt: a deserializer that quotes the plaintext in its error',
      async () => {
        const subject = new DataMasking({
          provider: provider({
            jsonDeserializer: (text) => {
              throw new Error(`bad ${text}`);
            },
          }),
        });
        return subject.decrypt(await masker().encrypt({ ssn: c() }, { context, providerOptions: UNSIGNED }), { context });
      },
    ],
    ['decrypt fields: a field left in plaintext', () => masker().decrypt({ ssn: c(), email: c() }, { fields: ['ssn'], context })],
    ['decrypt fields: a field holding a number and a secret beside it', () => masker().decrypt({ ssn: 42, email: c() }, { fields: ['ssn'], context })],
    [
      'decrypt fields: a ciphertext tampered at its end',
      async () => {
        const subject = masker();
        const encrypted = (await subject.encrypt({ ssn: c(), email: c() }, { fields: ['ssn', 'email'], context, providerOptions: UNSIGNED })) as Record<
          string,
          string
        >;
        const bytes = Buffer.from(encrypted.ssn!, 'base64');
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
        return subject.decrypt({ ...encrypted, ssn: bytes.toString('base64') }, { fields: ['ssn', 'email'], context });
      },
    ],
    [
      'decrypt fields: ciphertexts swapped between fields',
      async () => {
        const subject = masker();
        const encrypted = (await subject.encrypt({ ssn: c(), email: c() }, { fields: ['ssn', 'email'], context, providerOptions: UNSIGNED })) as Record<
          string,
          string
        >;
        return subject.decrypt({ ssn: encrypted.email, email: encrypted.ssn }, { fields: ['ssn', 'email'], context });
      },
    ],
    [
      'decorators: mask a DTO with @Encrypt without a provider',
      () => new DataMasking().mask(Object.assign(new Secretive(), { password: c(), card: c(), name: c() })),
    ],
    [
      'decorators: unmask a tampered @Encrypt property',
      async () => {
        const subject = masker();
        const masked = (await subject.mask(Object.assign(new Secretive(), { password: c(), card: c(), name: 'n' }))) as Record<string, string>;
        return subject.unmask(Secretive, { ...masked, card: `${masked.card!.slice(0, -8)}AAAAAAA=` });
      },
    ],
    ['decorators: maskSync of a DTO that can hold @Encrypt', () => masker().maskSync(Object.assign(new Secretive(), { password: c(), card: c(), name: c() }))],
  ];

  it.each(probes)('%s', async (_name, probe) => {
    const error = await errorOf(probe);
    expect(error).toBeInstanceOf(DataMaskingError);
    expect(ledger.recordError(error, _name)).toEqual([]);
  });

  it('warnings name paths, never values: through a logger, and through the default console logger', async () => {
    const document = { ssn: c(), cards: [{ number: c() }] };
    const quiet = masker({ throwOnMissingField: false });
    quiet.erase(document, { fields: ['ssn', 'passport', 'cards[*].cvv'] });
    quiet.erase(document, { maskingRules: { 'missing.path': { dynamicMask: true }, ssn: { customMask: 'X' } } });
    const encrypted = await quiet.encrypt(document, { fields: ['ssn', 'passport'], context, providerOptions: UNSIGNED });
    await quiet.decrypt(encrypted, { fields: ['ssn', 'passport'], context });
    expect(ledger.logger.warnings.filter((warning) => warning.includes('passport'))).toHaveLength(3);
    expect(ledger.logger.warnings.some((warning) => warning.includes('cards[*].cvv'))).toBe(true);

    const before = ledger.output.writes.length;
    new DataMasking({ throwOnMissingField: false }).erase({ ssn: c() }, { fields: ['passport'] });
    const consoleWrites = ledger.output.writes.slice(before).filter((write) => write.channel === 'console.warn');
    expect(consoleWrites.map((write) => write.text)).toEqual([expect.stringContaining("'passport'")]);
  });

  it('leaked no canary anywhere in this file: errors, warnings, console and stdio', () => {
    expect(ledger.errorsScanned).toBeGreaterThanOrEqual(probes.length);
    expect(ledger.leaks()).toEqual([]);
  });
});
