/**
 * LocalKms ReEncrypt (called by the branch key store of the hierarchical keyring to create and
 * rotate branch keys), through the REAL `@aws-sdk/client-kms` over HTTP.
 */
import {
  DecryptCommand,
  DisabledException,
  GenerateDataKeyWithoutPlaintextCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { LocalKms, type LocalKmsKey } from 'lambda-data-masking/testing';

let kms: LocalKms;
let client: KMSClient;
let source: LocalKmsKey;
let destination: LocalKmsKey;

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it succeeded');
};

beforeAll(async () => {
  kms = await LocalKms.start();
  source = kms.createKey({ alias: 'alias/source' });
  destination = kms.createKey();
  client = new KMSClient({ ...kms.clientConfig(), maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await kms.stop();
});

const wrapped = async (context: Record<string, string>) =>
  (await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: source.arn, NumberOfBytes: 32, EncryptionContext: context }))).CiphertextBlob!;

describe('ReEncrypt', () => {
  test('moves a blob to another key and context; the plaintext is unchanged and only the new pair opens it', async () => {
    const blob = await wrapped({ type: 'branch:version:1' });
    const before = await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { type: 'branch:version:1' } }));
    const out = await client.send(
      new ReEncryptCommand({
        CiphertextBlob: blob,
        SourceKeyId: source.arn,
        SourceEncryptionContext: { type: 'branch:version:1' },
        DestinationKeyId: destination.arn,
        DestinationEncryptionContext: { type: 'branch:ACTIVE' },
      }),
    );
    expect(out.SourceKeyId).toBe(source.arn);
    expect(out.KeyId).toBe(destination.arn);
    expect(out.SourceEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(out.DestinationEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const after = await client.send(
      new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: destination.arn, EncryptionContext: { type: 'branch:ACTIVE' } }),
    );
    expect(Buffer.from(after.Plaintext!).equals(Buffer.from(before.Plaintext!))).toBe(true);
    expect(after.KeyId).toBe(destination.arn);
    // The old context no longer opens the new blob.
    const stale = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { type: 'branch:version:1' } })));
    expect(stale).toBeInstanceOf(InvalidCiphertextException);
  });

  test('the wrong source context is InvalidCiphertextException; a wrong SourceKeyId is IncorrectKeyException', async () => {
    const blob = await wrapped({ tenant: 'a' });
    const wrongContext = await rejectionOf(
      client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { tenant: 'b' }, DestinationKeyId: source.arn })),
    );
    expect(wrongContext).toBeInstanceOf(InvalidCiphertextException);
    expect((wrongContext as Error).message).not.toContain('tenant');
    const wrongKey = await rejectionOf(
      client.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceKeyId: destination.arn,
          SourceEncryptionContext: { tenant: 'a' },
          DestinationKeyId: source.arn,
        }),
      ),
    );
    expect(wrongKey).toBeInstanceOf(IncorrectKeyException);
  });

  test('denials and key states apply to both keys; faults and counters work for ReEncrypt', async () => {
    const blob = await wrapped({});
    const other = kms.createKey();
    const run = () => client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: other.arn }));
    kms.denyAccess(other.arn, ['ReEncrypt']);
    expect((await rejectionOf(run())) as Error).toHaveProperty('name', 'AccessDeniedException');
    kms.allowAccess(other.arn);
    kms.setKeyState(source.arn, 'Disabled');
    expect(await rejectionOf(run())).toBeInstanceOf(DisabledException);
    kms.setKeyState(source.arn, 'Enabled');
    const fault = kms.injectFault({ operation: 'ReEncrypt', type: 'throttle', times: 1 });
    kms.resetCounters();
    expect((await rejectionOf(run())) as Error).toHaveProperty('name', 'ThrottlingException');
    await run();
    expect(fault.triggered).toBe(1);
    expect(kms.calls.ReEncrypt).toBe(2);
  });
});
