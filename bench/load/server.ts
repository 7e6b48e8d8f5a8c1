/**
 * The NestJS app the load test runs against (a child process of bench/load/run.ts): 50 response
 * DTOs per request through `DataMaskingInterceptor`, on 127.0.0.1 only, KMS being LocalKms.
 *   GET /erase     50 DTOs, one @Erase() property each
 *   GET /encrypt   50 DTOs, one @Encrypt() property each (default suite: signed)
 *   GET /encrypt-unsigned  the same, @MaskResponse({ providerOptions }) choosing the unsigned committing suite
 *   GET /plain     the same 50 records as plain objects, no masking (the floor)
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { Encrypt, Erase } from '../../src';
import { DataMaskingInterceptor, DataMaskingModule, MaskResponse } from '../../src/integrations/nestjs';
import { AWSEncryptionSDKProvider, AlgorithmSuiteIdentifier } from '../../src/providers/kms';
import { LocalKms } from '../../src/testing';

export const RECORDS = 50;

class ErasedCustomer {
  public id!: number;
  public name!: string;
  @Erase() public email!: string;
  public city!: string;
}

class EncryptedCustomer {
  public id!: number;
  public name!: string;
  public email!: string;
  @Encrypt() public ssn!: string;
}

const record = (id: number) => ({ id, name: `Customer ${id}`, email: `c${id}@example.com`, ssn: `123-45-${1000 + id}`, city: 'Anytown' });
const records = Array.from({ length: RECORDS }, (_, id) => record(id));

@Controller()
class LoadController {
  @Get('plain')
  public plain() {
    return records.map(({ id, name, email, city }) => ({ id, name, email, city }));
  }

  @Get('erase')
  public erase(): ErasedCustomer[] {
    return records.map(({ id, name, email, city }) => Object.assign(new ErasedCustomer(), { id, name, email, city }));
  }

  @Get('encrypt')
  public encrypt(): EncryptedCustomer[] {
    return records.map(({ id, name, email, ssn }) => Object.assign(new EncryptedCustomer(), { id, name, email, ssn }));
  }

  @Get('encrypt-unsigned')
  @MaskResponse({ providerOptions: { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY } })
  public encryptUnsigned(): EncryptedCustomer[] {
    return this.encrypt();
  }
}

const main = async (): Promise<void> => {
  const kms = await LocalKms.start();
  const provider = new AWSEncryptionSDKProvider({ keys: [kms.createKey().arn], kmsClientConfig: kms.clientConfig() });

  @Module({
    imports: [DataMaskingModule.forRoot({ provider, global: true })],
    controllers: [LoadController],
    providers: [{ provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }],
  })
  class LoadModule {}

  const app = await NestFactory.create(LoadModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.send?.({ port: address.port });
  // Stops with its parent, or after 10 minutes at most.
  process.on('disconnect', () => process.exit(0));
  setTimeout(() => process.exit(0), 600_000).unref();
};

void main();
