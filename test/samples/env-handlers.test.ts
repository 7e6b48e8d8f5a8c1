/**
 * The `handler` each KMS sample exports, as Lambda runs it: configured by environment variables
 * only (the key ARN, and here the standard AWS SDK variables pointing it at LocalKms).
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { randomBytes } from 'node:crypto';
import { LocalKms } from 'lambda-data-masking/testing';
import * as contextEncrypt from '../../samples/encryption-context-encrypt';
import * as contextDecrypt from '../../samples/encryption-context-decrypt';
import * as gettingStartedDecrypt from '../../samples/getting-started-decrypt';
import * as gettingStartedEncrypt from '../../samples/getting-started-encrypt';
import * as rawAes from '../../samples/raw-aes-keyring';
import * as multipleKeys from '../../samples/using-multiple-keys';
import { lambdaContext, readEvent } from './events';

let kms: LocalKms;

beforeAll(async () => {
  kms = await LocalKms.start();
});

afterAll(async () => {
  await kms.stop();
});

it('fails with a clear message while KMS_KEY_ARN is not set, and works once it is', async () => {
  delete process.env.KMS_KEY_ARN;
  await expect(contextEncrypt.handler(readEvent('customer-event.json'), lambdaContext)).rejects.toThrow('Set the KMS_KEY_ARN environment variable');

  const { endpoint, region, credentials } = kms.clientConfig();
  Object.assign(process.env, {
    KMS_KEY_ARN: kms.createKey().arn,
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });

  const ciphertext = await contextEncrypt.handler(readEvent('customer-event.json'), lambdaContext);
  await expect(contextDecrypt.handler({ body: ciphertext }, lambdaContext)).resolves.toEqual(readEvent('customer-event.json').body);
  const encrypted = await gettingStartedEncrypt.handler(readEvent('customer-event.json'), lambdaContext);
  await expect(gettingStartedDecrypt.handler(encrypted, lambdaContext)).resolves.toEqual(readEvent('customer-event.json').body);
  expect(kms.callCount('GenerateDataKey')).toBeGreaterThanOrEqual(2);
});

it('reads two key ARNs for the several-keys sample', async () => {
  process.env.KMS_KEY_ARN_1 = kms.createKey().arn;
  process.env.KMS_KEY_ARN_2 = kms.createKey().arn;
  kms.resetCounters();

  await multipleKeys.handler(readEvent('customer-event.json'));

  expect(kms.calls).toMatchObject({ GenerateDataKey: 1, Encrypt: 1 });
});

it('reads the raw AES key from WRAPPING_KEY_BASE64', async () => {
  const key = randomBytes(32);
  process.env.WRAPPING_KEY_BASE64 = key.toString('base64');

  const { body } = await rawAes.handler(readEvent('customer-event.json'));

  await expect(rawAes.createMasker(key).decrypt(body, { fields: ['email', 'address'], context: { purpose: 'archive' } })).resolves.toEqual(
    readEvent('customer-event.json').body,
  );
});
