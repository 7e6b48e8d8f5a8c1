/**
 * LocalKms against the REAL `@aws-sdk/client-kms` and the REAL AWS Encryption SDK, over HTTP on
 * 127.0.0.1. No mocks: every assertion is about what the SDK sees on the wire.
 */

import { request } from 'node:http';
import {
  DecryptCommand,
  DescribeKeyCommand,
  DisabledException,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMS,
  KMSClient,
  KMSInternalException,
  KMSInvalidStateException,
  KMSServiceException,
  NotFoundException,
  DryRunOperationException,
} from '@aws-sdk/client-kms';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';
import { LocalKms, type LocalKmsKey } from 'lambda-data-masking/testing';

/** The rejection of a promise that must reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, it succeeded');
}

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: any;
}

/** One raw HTTP request (no SDK), on a fresh connection. */
function rawCall(endpoint: string, options: { method?: string; target?: string; contentType?: string; body?: string }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.target !== undefined) headers['x-amz-target'] = options.target;
    headers['content-type'] = options.contentType ?? 'application/x-amz-json-1.1';
    const req = request(`${endpoint}/`, { method: options.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body ?? '');
  });
}

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

let kms: LocalKms;
let client: KMSClient;
let key: LocalKmsKey;
let other: LocalKmsKey;

beforeAll(async () => {
  kms = await LocalKms.start();
  key = kms.createKey({ alias: 'alias/app', description: 'the app key' });
  other = kms.createKey({ alias: 'other' });
  client = new KMSClient(kms.clientConfig());
});

afterEach(() => {
  kms.clearFaults();
});

afterAll(async () => {
  client.destroy();
  await kms.stop();
});

describe('operations through the real KMSClient', () => {
  test('GenerateDataKey: AES_256, AES_128 and NumberOfBytes, decryptable, answered with the key ARN', async () => {
    const k256 = await client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_256' }));
    const k128 = await client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_128' }));
    const k64 = await client.send(new GenerateDataKeyCommand({ KeyId: key.arn, NumberOfBytes: 64 }));
    expect(k256.KeyId).toBe(key.arn);
    expect(k256.Plaintext).toHaveLength(32);
    expect(k128.Plaintext).toHaveLength(16);
    expect(k64.Plaintext).toHaveLength(64);
    expect(Buffer.from(k256.Plaintext!).equals(Buffer.from(k64.Plaintext!.subarray(0, 32)))).toBe(false);

    const back = await client.send(new DecryptCommand({ CiphertextBlob: k256.CiphertextBlob }));
    expect(back.KeyId).toBe(key.arn);
    expect(Buffer.from(back.Plaintext!).equals(Buffer.from(k256.Plaintext!))).toBe(true);
    expect(back.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
  });

  test('GenerateDataKeyWithoutPlaintext returns only the blob, which decrypts to a 32-byte key', async () => {
    const out = await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.keyId, KeySpec: 'AES_256' }));
    expect(out.KeyId).toBe(key.arn);
    expect((out as unknown as Record<string, unknown>).Plaintext).toBeUndefined();
    const back = await client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: key.arn }));
    expect(back.Plaintext).toHaveLength(32);
  });

  test('Encrypt / Decrypt round trip; the blob does not contain the plaintext', async () => {
    const secret = 'my very secret plaintext';
    const enc = await client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text(secret) }));
    expect(enc.KeyId).toBe(key.arn);
    expect(enc.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(Buffer.from(enc.CiphertextBlob!).includes(Buffer.from(secret))).toBe(false);
    const again = await client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text(secret) }));
    expect(Buffer.from(again.CiphertextBlob!).equals(Buffer.from(enc.CiphertextBlob!))).toBe(false);

    const dec = await client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    expect(Buffer.from(dec.Plaintext!).toString('utf8')).toBe(secret);
    expect(dec.KeyId).toBe(key.arn);
  });

  test('DescribeKey reports the key metadata', async () => {
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: key.arn }));
    expect(KeyMetadata).toMatchObject({
      KeyId: key.keyId,
      Arn: key.arn,
      AWSAccountId: '111122223333',
      Enabled: true,
      KeyState: 'Enabled',
      Description: 'the app key',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    });
    expect(KeyMetadata!.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(KeyMetadata!.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  test('invalid requests get ValidationException, InvalidKeyUsageException or DryRunOperationException', async () => {
    const neither = await rejectionOf(client.send(new GenerateDataKeyCommand({ KeyId: key.arn })));
    expect(neither.name).toBe('ValidationException');
    expect(neither).toBeInstanceOf(KMSServiceException);
    const both = await rejectionOf(client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_256', NumberOfBytes: 32 })));
    expect(both.name).toBe('ValidationException');
    const tooMany = await rejectionOf(client.send(new GenerateDataKeyCommand({ KeyId: key.arn, NumberOfBytes: 1025 })));
    expect(tooMany.name).toBe('ValidationException');
    const tooLong = await rejectionOf(client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: new Uint8Array(4097) })));
    expect(tooLong.name).toBe('ValidationException');
    expect(tooLong.$metadata.httpStatusCode).toBe(400);

    const rsa = await rejectionOf(client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })));
    expect(rsa).toBeInstanceOf(InvalidKeyUsageException);
    const dry = await rejectionOf(client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_256', DryRun: true })));
    expect(dry).toBeInstanceOf(DryRunOperationException);
  });
});

describe('key addressing', () => {
  const forms: Array<[string, (k: LocalKmsKey) => string]> = [
    ['key id', (k) => k.keyId],
    ['key ARN', (k) => k.arn],
    ['alias name', (k) => k.alias!],
    ['alias ARN', (k) => k.aliasArn!],
  ];

  test('createKey returns every form', () => {
    expect(key.keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(key.arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${key.keyId}`);
    expect(key.alias).toBe('alias/app');
    expect(key.aliasArn).toBe('arn:aws:kms:us-east-1:111122223333:alias/app');
    expect(other.alias).toBe('alias/other');
    expect(kms.createKey().aliasArn).toBeUndefined();
  });

  test.each(forms)('by %s: every operation answers KeyId with the key ARN', async (_form, address) => {
    const id = address(key);
    const described = await client.send(new DescribeKeyCommand({ KeyId: id }));
    expect(described.KeyMetadata!.Arn).toBe(key.arn);
    const generated = await client.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256' }));
    expect(generated.KeyId).toBe(key.arn);
    const withoutPlaintext = await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: id, NumberOfBytes: 8 }));
    expect(withoutPlaintext.KeyId).toBe(key.arn);
    const encrypted = await client.send(new EncryptCommand({ KeyId: id, Plaintext: text('v') }));
    expect(encrypted.KeyId).toBe(key.arn);
    const decrypted = await client.send(new DecryptCommand({ KeyId: id, CiphertextBlob: encrypted.CiphertextBlob }));
    expect(decrypted.KeyId).toBe(key.arn);
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('v');
  });

  test.each([
    ['unknown key id', '0b7e2f4a-1111-4c3b-9a7e-0123456789ab'],
    ['unknown alias', 'alias/nope'],
    ['unknown alias ARN', 'arn:aws:kms:us-east-1:111122223333:alias/nope'],
    ['key ARN of another account', () => key.arn.replace('111122223333', '999999999999')],
    ['key ARN of another region', () => key.arn.replace('us-east-1', 'eu-west-1')],
    ['alias ARN of another region', () => key.aliasArn!.replace('us-east-1', 'eu-west-1')],
    ['garbage', 'not-a-key'],
  ] as Array<[string, string | (() => string)]>)('%s: NotFoundException', async (_case, id) => {
    const keyId = typeof id === 'function' ? id() : id;
    for (const command of [
      new DescribeKeyCommand({ KeyId: keyId }),
      new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }),
      new EncryptCommand({ KeyId: keyId, Plaintext: text('v') }),
    ]) {
      const err = await rejectionOf(client.send(command as DescribeKeyCommand));
      expect(err).toBeInstanceOf(NotFoundException);
      expect(err.name).toBe('NotFoundException');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.$metadata.attempts).toBe(1);
    }
  });

  test('createKey rejects taken, invalid and reserved aliases', () => {
    expect(() => kms.createKey({ alias: 'alias/app' })).toThrow(/already exists/);
    expect(() => kms.createKey({ alias: 'app' })).toThrow(/already exists/);
    expect(() => kms.createKey({ alias: 'alias/has space' })).toThrow(TypeError);
    expect(() => kms.createKey({ alias: 'alias/aws/s3' })).toThrow(/reserved/);
  });
});

describe('ciphertext blobs', () => {
  const context = { tenant: 't-1', purpose: 'test' };

  test('the encryption context is bound: exact match required, order irrelevant', async () => {
    const enc = await client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text('ctx'), EncryptionContext: context }));
    const blob = enc.CiphertextBlob;
    const reordered = await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: 'test', tenant: 't-1' } }));
    expect(Buffer.from(reordered.Plaintext!).toString()).toBe('ctx');

    const wrongContexts: Array<Record<string, string> | undefined> = [
      undefined,
      {},
      { tenant: 't-2', purpose: 'test' },
      { tenant: 't-1' },
      { ...context, extra: 'x' },
      { tenant: 't-1', Purpose: 'test' },
    ];
    for (const wrong of wrongContexts) {
      const err = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: wrong })));
      expect(err).toBeInstanceOf(InvalidCiphertextException);
      expect(err.name).toBe('InvalidCiphertextException');
      expect(err.message).not.toContain('t-1');
    }
  });

  test('no context at encrypt: absent and {} decrypt, any pair fails', async () => {
    const { CiphertextBlob } = await client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_256' }));
    await expect(client.send(new DecryptCommand({ CiphertextBlob }))).resolves.toMatchObject({ KeyId: key.arn });
    await expect(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: {} }))).resolves.toMatchObject({
      KeyId: key.arn,
    });
    const err = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: 'b' } })));
    expect(err).toBeInstanceOf(InvalidCiphertextException);
  });

  test('a tampered, truncated or foreign blob is InvalidCiphertextException', async () => {
    const enc = await client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text('tamper me'), EncryptionContext: context }));
    const blob = Buffer.from(enc.CiphertextBlob!);
    const positions = [0, 4, 5, 6, 20, 45, 50, blob.length - 17, blob.length - 1];
    for (const position of positions) {
      const tampered = Buffer.from(blob);
      tampered[position] = tampered[position]! ^ 0x01;
      const err = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })));
      expect(err).toBeInstanceOf(InvalidCiphertextException);
    }
    for (const broken of [blob.subarray(0, blob.length - 1), blob.subarray(0, 10), Buffer.from('not a kms blob at all')]) {
      const err = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: broken, EncryptionContext: context })));
      expect(err).toBeInstanceOf(InvalidCiphertextException);
    }
    // The untouched blob still decrypts: the failures above come from the tampering.
    const ok = await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
    expect(Buffer.from(ok.Plaintext!).toString()).toBe('tamper me');
  });

  test('the blob names its key: other key id → IncorrectKeyException, relabelled blob → InvalidCiphertextException', async () => {
    const mine = await client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text('A') }));
    const theirs = await client.send(new EncryptCommand({ KeyId: other.arn, Plaintext: text('B') }));

    const wrongKey = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: mine.CiphertextBlob, KeyId: other.arn })));
    expect(wrongKey).toBeInstanceOf(IncorrectKeyException);
    expect(wrongKey.name).toBe('IncorrectKeyException');
    const byAlias = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: mine.CiphertextBlob, KeyId: 'alias/other' })));
    expect(byAlias).toBeInstanceOf(IncorrectKeyException);

    const theirsBack = await client.send(new DecryptCommand({ CiphertextBlob: theirs.CiphertextBlob }));
    expect(theirsBack.KeyId).toBe(other.arn);
    expect(Buffer.from(theirsBack.Plaintext!).toString()).toBe('B');

    // Relabel my blob as the other key's: it is then opened with the other key's secret and fails.
    const relabelled = Buffer.from(mine.CiphertextBlob!);
    const at = relabelled.indexOf(Buffer.from(key.keyId));
    expect(at).toBeGreaterThan(0);
    Buffer.from(other.keyId).copy(relabelled, at);
    const err = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: relabelled })));
    expect(err).toBeInstanceOf(InvalidCiphertextException);
  });

  test('a blob from another LocalKms instance cannot be decrypted here', async () => {
    const second = await LocalKms.start();
    const secondClient = new KMSClient(second.clientConfig());
    try {
      const foreignKey = second.createKey();
      const foreign = await secondClient.send(new EncryptCommand({ KeyId: foreignKey.arn, Plaintext: text('elsewhere') }));
      const err = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: foreign.CiphertextBlob })));
      expect(err).toBeInstanceOf(InvalidCiphertextException);
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  });
});

describe('key states and access', () => {
  async function cryptoFailures(id: string, blob: Uint8Array): Promise<any[]> {
    return Promise.all([
      rejectionOf(client.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256' }))),
      rejectionOf(client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: id, KeySpec: 'AES_256' }))),
      rejectionOf(client.send(new EncryptCommand({ KeyId: id, Plaintext: text('x') }))),
      rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: blob }))),
    ]);
  }

  test('Disabled → DisabledException; DescribeKey still works; Enabled restores', async () => {
    const k = kms.createKey({ alias: 'alias/to-disable' });
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: k.arn, Plaintext: text('x') }));
    kms.setKeyState('alias/to-disable', 'Disabled');
    for (const err of await cryptoFailures(k.arn, CiphertextBlob!)) {
      expect(err).toBeInstanceOf(DisabledException);
      expect(err.name).toBe('DisabledException');
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
    const described = await client.send(new DescribeKeyCommand({ KeyId: k.arn }));
    expect(described.KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });

    kms.setKeyState(k.keyId, 'Enabled');
    const back = await client.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(back.Plaintext!).toString()).toBe('x');
  });

  test('PendingDeletion → KMSInvalidStateException; DescribeKey shows the deletion date', async () => {
    const k = kms.createKey();
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: k.arn, Plaintext: text('x') }));
    kms.setKeyState(k.arn, 'PendingDeletion');
    for (const err of await cryptoFailures(k.arn, CiphertextBlob!)) {
      expect(err).toBeInstanceOf(KMSInvalidStateException);
      expect(err.name).toBe('KMSInvalidStateException');
    }
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: k.keyId }));
    expect(KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'PendingDeletion', PendingDeletionWindowInDays: 30 });
    expect(KeyMetadata!.DeletionDate!.getTime()).toBeGreaterThan(Date.now());
  });

  test('denyAccess() → AccessDeniedException on every operation, not retried; allowAccess restores', async () => {
    const k = kms.createKey({ alias: 'alias/denied' });
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: k.arn, Plaintext: text('x') }));
    kms.denyAccess(k.aliasArn!);
    kms.resetCounters();
    const failures = [...(await cryptoFailures(k.arn, CiphertextBlob!)), await rejectionOf(client.send(new DescribeKeyCommand({ KeyId: k.arn })))];
    for (const err of failures) {
      expect(err.name).toBe('AccessDeniedException');
      expect(err).toBeInstanceOf(KMSServiceException); // not modelled by client-kms: the service base class
      expect(err).not.toBeInstanceOf(NotFoundException);
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.$metadata.attempts).toBe(1);
      expect(err.message).toMatch(/not authorized to perform: kms:\w+ on resource: arn:aws:kms:/);
    }
    expect(kms.callCount()).toBe(5);

    kms.allowAccess(k.keyId);
    await expect(client.send(new DecryptCommand({ CiphertextBlob }))).resolves.toMatchObject({ KeyId: k.arn });
  });

  test('denyAccess(key, ops) denies only those operations, and takes precedence over the key state', async () => {
    const k = kms.createKey();
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: k.arn, Plaintext: text('x') }));
    kms.denyAccess(k.arn, ['Decrypt']);
    const denied = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob })));
    expect(denied.name).toBe('AccessDeniedException');
    await expect(client.send(new EncryptCommand({ KeyId: k.arn, Plaintext: text('y') }))).resolves.toBeDefined();
    await expect(client.send(new DescribeKeyCommand({ KeyId: k.arn }))).resolves.toBeDefined();

    kms.setKeyState(k.arn, 'Disabled');
    const stillDenied = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob })));
    expect(stillDenied.name).toBe('AccessDeniedException');
    const disabled = await rejectionOf(client.send(new EncryptCommand({ KeyId: k.arn, Plaintext: text('y') })));
    expect(disabled).toBeInstanceOf(DisabledException);
  });

  test('the programmatic API rejects unknown keys, states and operations', () => {
    expect(() => kms.setKeyState('alias/nope', 'Disabled')).toThrow(/no key/);
    expect(() => kms.denyAccess('alias/nope')).toThrow(/no key/);
    expect(() => kms.allowAccess('nope')).toThrow(/no key/);
    expect(() => kms.setKeyState(key.arn, 'Deleted' as never)).toThrow(TypeError);
    expect(() => kms.denyAccess(key.arn, ['ListKeys' as never])).toThrow(TypeError);
  });
});

describe('fault injection', () => {
  test('throttle: retried by the SDK; times 1 succeeds on the retry, unlimited fails once attempts run out', async () => {
    kms.resetCounters();
    const once = kms.injectFault({ operation: 'GenerateDataKey', type: 'throttle', times: 1 });
    const always = kms.injectFault({ operation: 'Encrypt', type: 'throttle' });
    // The SDK's throttling backoff is random, up to 1 s before the 2nd attempt and 2 s before the 3rd
    // (3 attempts by default): both cases run at once, the unlimited one with 2 attempts, to stay fast.
    const twoAttempts = new KMSClient({ ...kms.clientConfig(), maxAttempts: 2 });
    const [recovered, throttled] = await Promise.all([
      client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_256' })),
      rejectionOf(twoAttempts.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text('x') }))),
    ]).finally(() => twoAttempts.destroy());
    expect(recovered.KeyId).toBe(key.arn);
    expect(recovered.$metadata.attempts).toBe(2);
    expect(kms.calls.GenerateDataKey).toBe(2);
    expect(once.triggered).toBe(1);
    expect(once.active).toBe(false);

    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled).toBeInstanceOf(KMSServiceException);
    expect(throttled.$metadata.httpStatusCode).toBe(400);
    expect(throttled.$metadata.attempts).toBe(2);
    expect(throttled.$metadata.totalRetryDelay).toBeGreaterThanOrEqual(0);
    expect(kms.calls.Encrypt).toBe(2);
    expect(always.triggered).toBe(2);
    expect(always.remaining).toBe(Infinity);
  });

  test('internal: HTTP 500 KMSInternalException, retried', async () => {
    kms.resetCounters();
    kms.injectFault({ operation: 'DescribeKey', type: 'internal' });
    const err = await rejectionOf(client.send(new DescribeKeyCommand({ KeyId: key.arn })));
    expect(err).toBeInstanceOf(KMSInternalException);
    expect(err.name).toBe('KMSInternalException');
    expect(err.$fault).toBe('server');
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(err.$metadata.attempts).toBe(3);
    expect(kms.calls.DescribeKey).toBe(3);

    kms.clearFaults();
    kms.injectFault({ operation: 'DescribeKey', type: 'internal', times: 2 });
    const ok = await client.send(new DescribeKeyCommand({ KeyId: key.arn }));
    expect(ok.$metadata.attempts).toBe(3);
  });

  test('unavailable: HTTP 503 ServiceUnavailableException, retried', async () => {
    kms.resetCounters();
    kms.injectFault({ type: 'unavailable' });
    const err = await rejectionOf(client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_256' })));
    expect(err.name).toBe('ServiceUnavailableException');
    expect(err).toBeInstanceOf(KMSServiceException);
    expect(err.$metadata.httpStatusCode).toBe(503);
    expect(err.$metadata.attempts).toBe(3);
    expect(kms.calls.GenerateDataKey).toBe(3);
  });

  test('drop: the connection dies without an answer; the SDK retries, then fails with a socket error', async () => {
    kms.resetCounters();
    const drop = kms.injectFault({ operation: 'Decrypt', type: 'drop' });
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text('x') }));
    const err = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob })));
    // Outside jest: a TimeoutError with code ECONNRESET. Inside jest's sandbox the Node core error
    // is not `instanceof Error` of the sandbox, so the SDK wraps it: "AWS SDK error wrapper for TimeoutError: ...".
    expect(`${err.name}: ${err.message}`).toMatch(/TimeoutError.*socket hang up|ECONNRESET/);
    expect(err.$metadata.attempts).toBe(3);
    expect(kms.calls.Decrypt).toBe(3);
    drop.clear();
    expect(drop.active).toBe(false);

    kms.injectFault({ operation: 'Decrypt', type: 'drop', times: 1 });
    const ok = await client.send(new DecryptCommand({ CiphertextBlob }));
    expect(ok.$metadata.attempts).toBe(2);
    expect(Buffer.from(ok.Plaintext!).toString()).toBe('x');
  });

  test('latency delays the answer; a short requestTimeout then fails', async () => {
    const slow = kms.injectFault({ operation: 'DescribeKey', type: 'latency', latencyMs: 150 });
    const started = Date.now();
    const out = await client.send(new DescribeKeyCommand({ KeyId: key.arn }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(out.KeyMetadata!.Arn).toBe(key.arn);
    expect(slow.triggered).toBe(1);
    slow.clear();

    kms.injectFault({ operation: 'DescribeKey', type: 'latency', latencyMs: 400, times: 1 });
    const impatient = new KMSClient({
      ...kms.clientConfig(),
      maxAttempts: 1,
      requestHandler: { requestTimeout: 50, throwOnRequestTimeout: true },
    });
    try {
      const err = await rejectionOf(impatient.send(new DescribeKeyCommand({ KeyId: key.arn })));
      expect(err.name).toBe('TimeoutError');
    } finally {
      impatient.destroy();
    }
  });

  test('faults apply only to their operation, expire after `times`, and clear', async () => {
    kms.resetCounters();
    const onDecrypt = kms.injectFault({ operation: 'Decrypt', type: 'internal', times: 5 });
    const enc = await client.send(new EncryptCommand({ KeyId: key.arn, Plaintext: text('x') }));
    expect(enc.$metadata.attempts).toBe(1);
    expect(onDecrypt.triggered).toBe(0);
    expect(onDecrypt.remaining).toBe(5);
    onDecrypt.clear();
    expect(onDecrypt.remaining).toBe(0);
    await expect(client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).resolves.toBeDefined();

    kms.injectFault({ type: 'internal' });
    kms.clearFaults();
    await expect(client.send(new DescribeKeyCommand({ KeyId: key.arn }))).resolves.toBeDefined();
    expect(kms.callCount()).toBe(3);
  });

  test('invalid fault specs are rejected', () => {
    expect(() => kms.injectFault({ type: 'latency' })).toThrow(/latencyMs/);
    expect(() => kms.injectFault({ type: 'throttle', times: 0 })).toThrow(TypeError);
    expect(() => kms.injectFault({ type: 'throttle', times: 1.5 })).toThrow(TypeError);
    expect(() => kms.injectFault({ type: 'explode' as never })).toThrow(TypeError);
    expect(() => kms.injectFault({ type: 'drop', operation: 'ListKeys' as never })).toThrow(TypeError);
    expect(() => kms.injectFault({ type: 'latency', latencyMs: -1 })).toThrow(TypeError);
  });
});

describe('call counters', () => {
  test('count every request per operation, failed ones included; resetCounters zeroes them', async () => {
    kms.resetCounters();
    expect(kms.calls).toEqual({
      Decrypt: 0,
      DescribeKey: 0,
      Encrypt: 0,
      GenerateDataKey: 0,
      GenerateDataKeyWithoutPlaintext: 0,
      ReEncrypt: 0,
    });
    const snapshot = kms.calls;
    await client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_256' }));
    await client.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_128' }));
    await rejectionOf(client.send(new GenerateDataKeyCommand({ KeyId: 'alias/nope', KeySpec: 'AES_256' })));
    await client.send(new DescribeKeyCommand({ KeyId: key.arn }));
    await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: text('junk') })));
    await rawCall(kms.endpoint, { target: 'TrentService.ListKeys', body: '{}' });

    expect(snapshot.GenerateDataKey).toBe(0);
    expect(kms.calls.GenerateDataKey).toBe(3);
    expect(kms.callCount('GenerateDataKey')).toBe(3);
    expect(kms.calls.DescribeKey).toBe(1);
    expect(kms.calls.Decrypt).toBe(1);
    expect(kms.calls.Encrypt).toBe(0);
    expect(kms.calls.ListKeys).toBe(1);
    expect(kms.callCount()).toBe(6);

    kms.resetCounters();
    expect(kms.callCount()).toBe(0);
    expect(kms.calls.GenerateDataKey).toBe(0);
  });
});

describe('wire protocol', () => {
  test('a success is JSON 1.1 with base64 blobs', async () => {
    const answer = await rawCall(kms.endpoint, {
      target: 'TrentService.GenerateDataKey',
      body: JSON.stringify({ KeyId: 'alias/app', NumberOfBytes: 16 }),
    });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/x-amz-json-1.1');
    expect(answer.body.KeyId).toBe(key.arn);
    expect(Buffer.from(answer.body.Plaintext, 'base64')).toHaveLength(16);
    expect(typeof answer.body.CiphertextBlob).toBe('string');
  });

  test('errors are HTTP 400 {"__type", "message"}', async () => {
    const answer = await rawCall(kms.endpoint, {
      target: 'TrentService.DescribeKey',
      body: JSON.stringify({ KeyId: 'alias/nope' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/x-amz-json-1.1');
    expect(Object.keys(answer.body).sort()).toEqual(['__type', 'message']);
    expect(answer.body.__type).toBe('NotFoundException');
  });

  const malformed = (
    [
      ['unknown operation', { target: 'TrentService.ListKeys', body: '{}' }, 'UnknownOperationException'],
      ['another service', { target: 'DynamoDB_20120810.GetItem', body: '{}' }, 'UnknownOperationException'],
      ['no target', { body: '{}' }, 'UnknownOperationException'],
      ['GET', { method: 'GET', target: 'TrentService.DescribeKey' }, 'UnknownOperationException'],
      ['malformed JSON', { target: 'TrentService.DescribeKey', body: '{"KeyId":' }, 'SerializationException'],
      ['a JSON array', { target: 'TrentService.DescribeKey', body: '[]' }, 'SerializationException'],
      ['KeyId not a string', { target: 'TrentService.DescribeKey', body: '{"KeyId":42}' }, 'SerializationException'],
      ['KeyId missing', { target: 'TrentService.DescribeKey', body: '{}' }, 'ValidationException'],
      ['KeyId empty', { target: 'TrentService.DescribeKey', body: '{"KeyId":""}' }, 'ValidationException'],
      [
        'non-string context value',
        { target: 'TrentService.Encrypt', body: '{"KeyId":"alias/app","Plaintext":"eA==","EncryptionContext":{"a":1}}' },
        'SerializationException',
      ],
      ['Plaintext not base64', { target: 'TrentService.Encrypt', body: '{"KeyId":"alias/app","Plaintext":"%%"}' }, 'SerializationException'],
      ['CiphertextBlob missing', { target: 'TrentService.Decrypt', body: '{}' }, 'ValidationException'],
      ['NumberOfBytes not an integer', { target: 'TrentService.GenerateDataKey', body: '{"KeyId":"alias/app","NumberOfBytes":1.5}' }, 'SerializationException'],
      ['unknown KeySpec', { target: 'TrentService.GenerateDataKey', body: '{"KeyId":"alias/app","KeySpec":"AES_512"}' }, 'ValidationException'],
      ['wrong content type', { target: 'TrentService.DescribeKey', contentType: 'text/plain', body: '{"KeyId":"alias/app"}' }, 'SerializationException'],
    ] as Array<[string, Parameters<typeof rawCall>[1], string]>
  ).map(([name, options, type]) => ({ name, options, type }));

  test.each(malformed)('$name → 400 $type', async ({ options, type }) => {
    const answer = await rawCall(kms.endpoint, options);
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe(type);
    expect(typeof answer.body.message).toBe('string');
  });
});

describe('the AWS Encryption SDK over LocalKms', () => {
  const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  let esdkKms: KMS;
  const keyring = (generatorKeyId: string | undefined, keyIds: string[] = []): KmsKeyringNode =>
    new KmsKeyringNode({ generatorKeyId, keyIds, clientProvider: () => esdkKms });

  beforeAll(() => {
    esdkKms = new KMS(kms.clientConfig());
  });
  afterAll(() => {
    esdkKms.destroy();
  });

  test('KmsKeyringNode with key ARNs: encrypt with two keys, decrypt with either', async () => {
    kms.resetCounters();
    const context = { tenant_id: 't-1' };
    const { result } = await encrypt(keyring(key.arn, [other.arn]), 'hello envelope', { encryptionContext: context });
    expect(kms.calls.GenerateDataKey).toBe(1);
    expect(kms.calls.Encrypt).toBe(1);
    expect(result.includes(Buffer.from('hello envelope'))).toBe(false);

    const viaOther = await decrypt(keyring(undefined, [other.arn]), result);
    expect(viaOther.plaintext.toString('utf8')).toBe('hello envelope');
    expect(viaOther.messageHeader.encryptionContext).toMatchObject(context);
    expect(viaOther.messageHeader.encryptedDataKeys.map((edk) => edk.providerInfo)).toEqual([key.arn, other.arn]);

    const viaGenerator = await decrypt(keyring(key.arn), result);
    expect(viaGenerator.plaintext.toString('utf8')).toBe('hello envelope');
    expect(kms.calls.Decrypt).toBe(2);
  });

  test('decrypt fails when KMS refuses: disabled keys', async () => {
    const k = kms.createKey();
    const { result } = await encrypt(keyring(k.arn), 'payload');
    kms.setKeyState(k.arn, 'Disabled');
    await expect(decrypt(keyring(k.arn), result)).rejects.toThrow();
    kms.setKeyState(k.arn, 'Enabled');
    await expect(decrypt(keyring(k.arn), result)).resolves.toMatchObject({});
  });

  test('as design.md §6 says: a keyring built from an alias encrypts but cannot decrypt', async () => {
    const { result, messageHeader } = await encrypt(keyring('alias/app'), 'aliased');
    // KMS answers with the key ARN, which the message records as the data key's provider info.
    expect(messageHeader.encryptedDataKeys[0]!.providerInfo).toBe(key.arn);
    await expect(decrypt(keyring('alias/app'), result)).rejects.toThrow();
    await expect(decrypt(keyring(key.arn), result)).resolves.toMatchObject({});
  });
});

describe('lifecycle', () => {
  test('custom region and account appear in ARNs and the client config', async () => {
    const eu = await LocalKms.start({ region: 'eu-west-1', accountId: '123456789012' });
    try {
      const k = eu.createKey({ alias: 'x' });
      expect(k.arn).toBe(`arn:aws:kms:eu-west-1:123456789012:key/${k.keyId}`);
      expect(k.aliasArn).toBe('arn:aws:kms:eu-west-1:123456789012:alias/x');
      expect(eu.clientConfig()).toEqual({
        endpoint: eu.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: expect.any(String), secretAccessKey: expect.any(String) },
      });
      expect(eu.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await eu.stop();
    }
    await expect(LocalKms.start({ accountId: '42' })).rejects.toThrow(TypeError);
  });

  test('stop closes keep-alive connections promptly, is idempotent, and the SDK then fails', async () => {
    const local = await LocalKms.start();
    const k = local.createKey();
    const localClient = new KMSClient({ ...local.clientConfig(), maxAttempts: 1 });
    try {
      await localClient.send(new DescribeKeyCommand({ KeyId: k.arn })); // leaves a keep-alive socket open
      const started = Date.now();
      await local.stop();
      expect(Date.now() - started).toBeLessThan(1000);
      await local.stop();
      const err = await rejectionOf(localClient.send(new DescribeKeyCommand({ KeyId: k.arn })));
      expect(`${err.name} ${err.message} ${err.code ?? ''}`).toMatch(/ECONNREFUSED|socket hang up|ECONNRESET/);
    } finally {
      localClient.destroy();
    }
  });

  test('stop ends pending latency, and Symbol.asyncDispose stops too', async () => {
    const local = await LocalKms.start();
    const k = local.createKey();
    local.injectFault({ type: 'latency', latencyMs: 60_000 });
    const localClient = new KMSClient({ ...local.clientConfig(), maxAttempts: 1 });
    try {
      const pending = rejectionOf(localClient.send(new DescribeKeyCommand({ KeyId: k.arn })));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      await local[Symbol.asyncDispose]();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await pending).toBeDefined();
    } finally {
      localClient.destroy();
    }
  });
});
