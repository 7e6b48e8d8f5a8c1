/**
 * Provider options (algorithm suite, frame length) reach the provider from every path that can
 * encrypt: the masker's defaults (and so `DataMaskingModule.forRoot`), `encrypt`, `mask`,
 * `@MaskHandler`, Middy's `maskResponse`, NestJS's `@MaskResponse`, and `@Encrypt` on a DTO
 * property; the more specific level wins, key by key. Real ESDK, real KMS client over HTTP to
 * LocalKms, real Middy, a real Nest app over HTTP; each ciphertext's suite is read from its header.
 */
import 'reflect-metadata';
import middy from '@middy/core';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { DataMasking, DataMaskingInvalidOptionsError, Encrypt, MaskHandler } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider, AlgorithmSuiteIdentifier, inspectCiphertext } from 'lambda-data-masking/kms';
import { maskResponse } from 'lambda-data-masking/middy';
import { DataMaskingInterceptor, DataMaskingModule, MaskResponse } from 'lambda-data-masking/nestjs';
import { LocalKms } from 'lambda-data-masking/testing';

const UNSIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const SIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
const unsigned = { algorithmSuiteId: UNSIGNED };
const signed = { algorithmSuiteId: SIGNED };

const lambdaContext = { functionName: 'fn', awsRequestId: 'req', getRemainingTimeInMillis: () => 30_000 } as never;

let kms: LocalKms;
let provider: AWSEncryptionSDKProvider;

const suiteOf = (ciphertext: unknown): number => inspectCiphertext(ciphertext as string).algorithmSuiteId;
const customer = () => ({ id: 7, email: 'ann@example.com', ssn: '123-45-6789' });

class PlainSsn {
  public id!: number;
  @Encrypt() public ssn!: string;
}

class SignedSsn {
  public id!: number;
  @Encrypt({ providerOptions: signed }) public ssn!: string;
  @Encrypt() public note!: string;
}

const plainSsn = () => Object.assign(new PlainSsn(), { id: 1, ssn: '123-45-6789' });

beforeAll(async () => {
  kms = await LocalKms.start();
  provider = new AWSEncryptionSDKProvider({ keys: [kms.createKey().arn], kmsClientConfig: kms.clientConfig() });
});
afterAll(() => kms.stop());

describe('DataMasking: masker defaults, call options', () => {
  it('without any providerOptions the ESDK default (signed) suite is used', async () => {
    const masker = new DataMasking({ provider });
    const masked = await masker.encrypt(customer(), { fields: ['ssn'] });
    expect(suiteOf(masked.ssn)).toBe(SIGNED);
  });

  it("the masker's providerOptions apply to field-level and whole-payload encrypt, and to mask()", async () => {
    const masker = new DataMasking({ provider, providerOptions: unsigned });
    const fields = await masker.encrypt(customer(), { fields: ['ssn'] });
    expect(suiteOf(fields.ssn)).toBe(UNSIGNED);
    expect(suiteOf(await masker.encrypt(customer()))).toBe(UNSIGNED);
    expect(suiteOf((await masker.mask(plainSsn())).ssn)).toBe(UNSIGNED);
    // and everything still decrypts
    await expect(masker.decrypt(fields, { fields: ['ssn'] })).resolves.toEqual(customer());
    await expect(masker.unmask(PlainSsn, await masker.mask(plainSsn()))).resolves.toEqual(plainSsn());
  });

  it("a call's providerOptions win over the masker's, key by key", async () => {
    const masker = new DataMasking({ provider, providerOptions: { ...unsigned, frameLength: 1024 } });
    const masked = await masker.encrypt(customer(), { fields: ['ssn'], providerOptions: signed });
    expect(suiteOf(masked.ssn)).toBe(SIGNED);
    expect(inspectCiphertext(masked.ssn).frameLength).toBe(1024);
    expect(suiteOf((await masker.mask(plainSsn(), { providerOptions: signed })).ssn)).toBe(SIGNED);
  });

  it("an @Encrypt property's providerOptions win over the call's; its sibling follows the call", async () => {
    const masker = new DataMasking({ provider });
    const dto = Object.assign(new SignedSsn(), { id: 1, ssn: '123-45-6789', note: 'vip' });
    const masked = await masker.mask(dto, { providerOptions: unsigned });
    expect(suiteOf(masked.ssn)).toBe(SIGNED);
    expect(suiteOf(masked.note)).toBe(UNSIGNED);
    await expect(masker.unmask(SignedSsn, masked)).resolves.toEqual(dto);
  });

  it('the masker copies its providerOptions: changing the object afterwards changes nothing', async () => {
    const options: Record<string, unknown> = { ...unsigned };
    const masker = new DataMasking({ provider, providerOptions: options });
    options.algorithmSuiteId = SIGNED;
    expect(suiteOf((await masker.encrypt(customer(), { fields: ['ssn'] })).ssn)).toBe(UNSIGNED);
  });

  it('refuses providerOptions that are not an object, at construction and at decoration', () => {
    for (const bad of ['unsigned', 42, null, [UNSIGNED]]) {
      expect(() => new DataMasking({ provider, providerOptions: bad as never })).toThrow(DataMaskingInvalidOptionsError);
      expect(() => maskResponse({ encrypt: ['ssn'], providerOptions: bad as never })).toThrow(DataMaskingInvalidOptionsError);
      expect(() => MaskResponse({ encrypt: ['ssn'], providerOptions: bad as never })).toThrow(DataMaskingInvalidOptionsError);
      expect(() => {
        class Bad {
          @Encrypt({ providerOptions: bad as never }) public ssn!: string;
        }
        return Bad;
      }).toThrow(DataMaskingInvalidOptionsError);
    }
  });

  it('refuses an unknown or invalid provider option on the first call, before any KMS call', async () => {
    const masker = new DataMasking({ provider, providerOptions: { algorithmSuitId: UNSIGNED } });
    kms.resetCounters();
    await expect(masker.encrypt(customer(), { fields: ['ssn'] })).rejects.toThrow(DataMaskingInvalidOptionsError);
    const nonCommitting = new DataMasking({ provider, providerOptions: { algorithmSuiteId: 0x0014 } });
    await expect(nonCommitting.mask(plainSsn())).rejects.toThrow(DataMaskingInvalidOptionsError);
    expect(kms.calls.GenerateDataKey).toBe(0);
  });
});

describe('@MaskHandler and Middy maskResponse', () => {
  it('@MaskHandler passes providerOptions to the encrypt fields and to @Encrypt properties', async () => {
    const masker = new DataMasking({ provider });
    class Handler {
      @MaskHandler({ encrypt: ['ssn'], masker, providerOptions: unsigned })
      public async plain() {
        return customer();
      }

      @MaskHandler({ masker, providerOptions: unsigned })
      public async dto() {
        return plainSsn();
      }
    }
    const handler = new Handler();
    expect(suiteOf(((await handler.plain()) as { ssn: string }).ssn)).toBe(UNSIGNED);
    expect(suiteOf(((await handler.dto()) as unknown as { ssn: string }).ssn)).toBe(UNSIGNED);
  });

  it('maskResponse passes providerOptions, inside a JSON body too', async () => {
    const masker = new DataMasking({ provider });
    const handler = middy(async () => ({ statusCode: 200, body: JSON.stringify(customer()) })).use(
      maskResponse({ encrypt: ['ssn'], masker, providerOptions: unsigned, body: true }),
    );
    const response = (await handler({}, lambdaContext)) as { body: string };
    expect(suiteOf(JSON.parse(response.body).ssn)).toBe(UNSIGNED);
  });
});

describe('NestJS: module defaults, @MaskResponse per route', () => {
  @Controller()
  class Routes {
    @Get('module-default')
    public moduleDefault(): PlainSsn[] {
      return [plainSsn(), plainSsn()];
    }

    @Get('route-signed')
    @MaskResponse({ encrypt: ['ssn'], providerOptions: signed })
    public routeSigned() {
      return customer();
    }

    @Get('dto-wins')
    @MaskResponse({ providerOptions: unsigned })
    public dtoWins(): SignedSsn {
      return Object.assign(new SignedSsn(), { id: 2, ssn: '987-65-4321', note: 'n' });
    }
  }

  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    @Module({
      imports: [DataMaskingModule.forRoot({ provider, providerOptions: unsigned })],
      controllers: [Routes],
      providers: [{ provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }],
    })
    class AppModule {}
    const app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    close = () => app.close();
  });
  afterAll(() => close());

  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`);
    expect(response.status).toBe(200);
    return (await response.json()) as any;
  };

  it("DataMaskingModule.forRoot({ providerOptions }) is every route's default", async () => {
    const body = await get('/module-default');
    expect(body.map((record: { ssn: string }) => suiteOf(record.ssn))).toEqual([UNSIGNED, UNSIGNED]);
  });

  it("a route's @MaskResponse({ providerOptions }) wins over the module's", async () => {
    expect(suiteOf((await get('/route-signed')).ssn)).toBe(SIGNED);
  });

  it("an @Encrypt property's own providerOptions win over the route's", async () => {
    const body = await get('/dto-wins');
    expect(suiteOf(body.ssn)).toBe(SIGNED);
    expect(suiteOf(body.note)).toBe(UNSIGNED);
  });
});
