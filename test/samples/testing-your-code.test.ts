/**
 * Testing your code: a jest test of a handler that erases, and of a handler that encrypts, run
 * against LocalKms (`lambda-data-masking/testing`), an offline KMS on 127.0.0.1 that the real
 * AWS SDK talks to: no AWS account, no mocks of the SDK.
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { DataMasking, DataMaskingEncryptKeyError } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { createHandler } from '../../samples/getting-started-encrypt';
import { handler } from '../../samples/testing-your-code';

const lambdaContext = {
  functionName: 'test',
  awsRequestId: '52fdfc07-2182-154f-163f-5f0f9a621d72',
  getRemainingTimeInMillis: () => 5,
};

describe('a handler that erases', () => {
  it('erases testkey', async () => {
    // GIVEN a sample event
    const event = { testkey: 'testvalue' };

    // WHEN the handler runs with it
    const result = await handler(event, lambdaContext);

    // THEN the field is erased
    expect(result).toEqual({ testkey: '*****' });
  });
});

describe('a handler that encrypts', () => {
  let kms: LocalKms;
  let keyArn: string;

  beforeAll(async () => {
    kms = await LocalKms.start(); // listens on 127.0.0.1, on a free port
    keyArn = kms.createKey({ alias: 'alias/test' }).arn;
  });

  afterAll(async () => {
    await kms.stop();
  });

  beforeEach(() => kms.resetCounters());

  it('encrypts the body so that the key decrypts it', async () => {
    const encrypt = createHandler({ keyArn, kmsClientConfig: kms.clientConfig() });

    const { body } = await encrypt({ body: { testkey: 'testvalue' } }, lambdaContext);

    expect(body).not.toContain('testvalue');
    const provider = new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig() });
    await expect(new DataMasking({ provider }).decrypt(body)).resolves.toEqual({ testkey: 'testvalue' });
    expect(kms.calls).toMatchObject({ GenerateDataKey: 1, Decrypt: 1 });
  });

  it('survives KMS throttling (the AWS SDK retries)', async () => {
    const fault = kms.injectFault({ operation: 'GenerateDataKey', type: 'throttle', times: 1 });
    const encrypt = createHandler({ keyArn, kmsClientConfig: kms.clientConfig() });

    await expect(encrypt({ body: { testkey: 'testvalue' } }, lambdaContext)).resolves.toHaveProperty('body');
    expect(fault.triggered).toBe(1);
    expect(kms.calls.GenerateDataKey).toBe(2);
  });

  it('reports a key it may not use as DataMaskingEncryptKeyError, with the KMS exception as cause', async () => {
    kms.denyAccess(keyArn, ['GenerateDataKey']);
    try {
      const encrypt = createHandler({ keyArn, kmsClientConfig: kms.clientConfig() });
      const error = await encrypt({ body: { testkey: 'testvalue' } }, lambdaContext).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(DataMaskingEncryptKeyError);
      expect((error as Error).cause).toMatchObject({ name: 'AccessDeniedException' });
      expect((error as Error).message).not.toContain('testvalue');
    } finally {
      kms.allowAccess(keyArn);
    }
  });
});
