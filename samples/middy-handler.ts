/**
 * A Middy handler: `maskResponse` masks whatever the handler returns, here inside the JSON
 * `body` of an API Gateway response (`body: true`). Register it last, so it masks first and every
 * other `after` middleware (loggers, serializers) only ever sees the masked response.
 * Event: events/api-gateway-event.json.
 */
import middy from '@middy/core';
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { maskResponse } from 'lambda-data-masking/middy';
import { type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export interface ApiGatewayEvent {
  pathParameters: { id: string };
}

const findCustomer = async (id: string) => ({
  id,
  name: 'John Doe',
  email: 'johndoe@example.com',
  phone: '+1 555-0100',
  ssn: '123-45-6789',
});

export const createHandler = ({ keyArn, kmsClientConfig }: KmsSettings) => {
  const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }) });

  return middy(async (event: ApiGatewayEvent) => ({
    statusCode: 200,
    body: JSON.stringify(await findCustomer(event.pathParameters.id)),
  })).use(
    maskResponse({ erase: ['email', 'phone'], encrypt: ['ssn'], context: { service: 'customers' }, masker, body: true }),
  );
};

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()));
