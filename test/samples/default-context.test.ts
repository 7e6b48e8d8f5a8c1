/** samples/default-context.ts against LocalKms: the context each ciphertext carries, and the refused re-binding. */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { DataMaskingInvalidOptionsError, Encrypt } from 'lambda-data-masking';
import { inspectCiphertext } from 'lambda-data-masking/kms';
import { maskResponse } from 'lambda-data-masking/middy';
import { DataMaskingInterceptor } from 'lambda-data-masking/nestjs';
import { LocalKms } from 'lambda-data-masking/testing';
import type { KmsSettings } from '../../samples/lambda';
import { createHandler, createMasker, maskingModule } from '../../samples/default-context';
import { readEvent } from './events';

const lambdaContext = { functionName: 'fn', awsRequestId: 'req', getRemainingTimeInMillis: () => 30_000 } as never;
const UNSIGNED_SUITE = 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY';

let kms: LocalKms;
let settings: KmsSettings;

beforeAll(async () => {
  kms = await LocalKms.start();
  settings = { keyArn: kms.createKey().arn, kmsClientConfig: kms.clientConfig() };
});
afterAll(() => kms.stop());

const ownPairs = (ciphertext: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(inspectCiphertext(ciphertext).encryptionContext).filter(
      ([key]) => !key.startsWith('aws-crypto-') && !key.startsWith('lambda-data-masking:'),
    ),
  );

it("binds the masker's default context and the handler's route to the body's ciphertext, which the masker decrypts", async () => {
  const masker = createMasker(settings);
  const event = readEvent('api-gateway-event.json') as { pathParameters: { id: string } };
  const response = (await createHandler(masker)(event, lambdaContext)) as { body: string };
  const body = JSON.parse(response.body) as { id: string; ssn: string };
  expect(ownPairs(body.ssn)).toEqual({ service: 'customers', stage: 'prod', route: 'get-customer' });
  expect(inspectCiphertext(body.ssn).algorithmSuiteName).toBe(UNSIGNED_SUITE);
  await expect(masker.decrypt(body, { fields: ['ssn'], context: { route: 'get-customer' } })).resolves.toEqual({
    id: event.pathParameters.id,
    ssn: '123-45-6789',
  });
});

it('refuses a middleware that would re-bind a key of the default', () => {
  expect(() => maskResponse({ encrypt: ['ssn'], context: { stage: 'dev' }, masker: createMasker(settings) })).toThrow(DataMaskingInvalidOptionsError);
});

it('the NestJS module binds the same defaults to every route (real app over HTTP)', async () => {
  class Card {
    @Encrypt() public number!: string;
  }
  @Controller()
  class Cards {
    @Get('card')
    public card(): Card {
      return Object.assign(new Card(), { number: '4111111111111111' });
    }
  }
  @Module({ imports: [maskingModule(settings)], controllers: [Cards], providers: [{ provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const response = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/card`);
    const { number } = (await response.json()) as { number: string };
    expect(ownPairs(number)).toEqual({ service: 'customers', stage: 'prod' });
    expect(inspectCiphertext(number).algorithmSuiteName).toBe(UNSIGNED_SUITE);
  } finally {
    await app.close();
  }
});
