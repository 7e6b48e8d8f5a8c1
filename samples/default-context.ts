/**
 * One encryption context for a whole service, set once on the masker (for NestJS, on
 * `DataMaskingModule.forRoot`): every ciphertext is bound to it and every decrypt expects it.
 * A handler or route adds its own pairs; it cannot give a key of the default another value
 * (refused when the middleware is set up, before any KMS call). Event: events/api-gateway-event.json.
 */
import middy from '@middy/core';
import type { DynamicModule } from '@nestjs/common';
import { DataMasking } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { maskResponse } from 'lambda-data-masking/middy';
import { DataMaskingModule } from 'lambda-data-masking/nestjs';
import type { KmsSettings } from './lambda';

const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };

export const createMasker = ({ keyArn, kmsClientConfig }: KmsSettings): DataMasking =>
  new DataMasking({
    provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }),
    providerOptions: UNSIGNED,
    context: { service: 'customers', stage: 'prod' }, // fixed strings only: they travel to KMS in clear
  });

/** The same defaults for every route of a NestJS application. */
export const maskingModule = ({ keyArn, kmsClientConfig }: KmsSettings): DynamicModule =>
  DataMaskingModule.forRoot({
    provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }),
    providerOptions: UNSIGNED,
    context: { service: 'customers', stage: 'prod' },
    global: true,
  });

export const createHandler = (masker: DataMasking) =>
  middy(async (event: { pathParameters: { id: string } }) => ({
    statusCode: 200,
    body: JSON.stringify({ id: event.pathParameters.id, ssn: '123-45-6789' }),
  })).use(
    // bound to { service: 'customers', stage: 'prod', route: 'get-customer' }
    maskResponse({ encrypt: ['ssn'], context: { route: 'get-customer' }, masker, body: true }),
  );
