/** The Middy sample: maskResponse erases and encrypts inside the API Gateway response body. */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import type { KmsSettings } from '../../samples/lambda';
import { createHandler } from '../../samples/middy-handler';
import { lambdaContext, readEvent } from './events';

let kms: LocalKms;
let settings: KmsSettings;

beforeAll(async () => {
  kms = await LocalKms.start();
  settings = { keyArn: kms.createKey().arn, kmsClientConfig: kms.clientConfig() };
});

afterAll(async () => {
  await kms.stop();
});

it('returns a 200 whose JSON body has the email and phone erased and the ssn encrypted', async () => {
  const response = await createHandler(settings)(readEvent('api-gateway-event.json'), lambdaContext);

  expect(response.statusCode).toBe(200);
  expect(typeof response.body).toBe('string');
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body).toEqual({ id: 'c-42', name: 'John Doe', email: '*****', phone: '*****', ssn: expect.stringMatching(/^AgV4/) });

  const reader = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [settings.keyArn], kmsClientConfig: settings.kmsClientConfig }) });
  await expect(reader.decrypt(body, { fields: ['ssn'], context: { service: 'customers' } })).resolves.toMatchObject({ ssn: '123-45-6789' });
});
