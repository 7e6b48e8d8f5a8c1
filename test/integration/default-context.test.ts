/**
 * A default encryption context set once (the `DataMasking` constructor, so `DataMaskingModule`
 * and the masker a Middy app shares) is bound to every ciphertext and expected on every decrypt;
 * calls, routes and `@Encrypt` properties extend it, and a key of the default given another value
 * is refused before any KMS call (fail closed). Real ESDK, real KMS client over HTTP to LocalKms,
 * real Middy, a real Nest app over HTTP; each ciphertext's context is read from its header.
 */
import 'reflect-metadata';
import middy from '@middy/core';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import {
  DataMasking,
  DataMaskingContextMismatchError,
  DataMaskingInvalidOptionsError,
  DataMaskingUnsupportedTypeError,
  Encrypt,
  MaskHandler,
} from 'lambda-data-masking';
import { AWSEncryptionSDKProvider, inspectCiphertext } from 'lambda-data-masking/kms';
import { maskResponse } from 'lambda-data-masking/middy';
import { DataMaskingInterceptor, DataMaskingModule, DecryptBodyPipe, MaskResponse } from 'lambda-data-masking/nestjs';
import { LocalKms } from 'lambda-data-masking/testing';

const FIELD_KEY = 'lambda-data-masking:field';
const SERVICE = { service: 'orders', purpose: 'response' };
const lambdaContext = { functionName: 'fn', awsRequestId: 'req', getRemainingTimeInMillis: () => 30_000 } as never;

let kms: LocalKms;
let provider: AWSEncryptionSDKProvider;

/** The context in a ciphertext's header, without the field key and the SDK's own entries. */
const contextOf = (ciphertext: unknown): Record<string, string> => {
  const pairs = { ...inspectCiphertext(ciphertext as string).encryptionContext };
  delete pairs[FIELD_KEY];
  for (const key of Object.keys(pairs)) if (key.startsWith('aws-crypto-')) delete pairs[key];
  return pairs;
};
const customer = () => ({ id: 7, email: 'ann@example.com', ssn: '123-45-6789' });
const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

class OrderDto {
  public id!: number;
  @Encrypt() public card!: string;
}

class OwnContextDto {
  public id!: number;
  @Encrypt({ context: { region: 'eu' } }) public card!: string;
}

class ConflictingDto {
  public id!: number;
  @Encrypt({ context: { service: 'billing' } }) public card!: string;
}

class ComputedConflictDto {
  public service!: string;
  @Encrypt({ context: (holder: object) => ({ service: (holder as ComputedConflictDto).service }) }) public card!: string;
}

const order = () => Object.assign(new OrderDto(), { id: 1, card: '4111111111111111' });

beforeAll(async () => {
  kms = await LocalKms.start();
  provider = new AWSEncryptionSDKProvider({ keys: [kms.createKey().arn], kmsClientConfig: kms.clientConfig() });
});
afterAll(() => kms.stop());

describe('DataMasking({ context }): the default context', () => {
  it('is bound to field-level and whole-payload ciphertexts, extended by the call; the same masker decrypts them', async () => {
    const masker = new DataMasking({ provider, context: SERVICE });
    const fields = await masker.encrypt(customer(), { fields: ['ssn'], context: { tenant_id: 't-1' } });
    expect(contextOf(fields.ssn)).toEqual({ ...SERVICE, tenant_id: 't-1' });
    const whole = await masker.encrypt(customer());
    expect(contextOf(whole)).toEqual(SERVICE);
    await expect(masker.decrypt(fields, { fields: ['ssn'], context: { tenant_id: 't-1' } })).resolves.toEqual(customer());
    await expect(masker.decrypt(whole)).resolves.toEqual(customer());
  });

  it('is required on decrypt: a masker without it must present the same pairs, else the context does not match', async () => {
    const masked = await new DataMasking({ provider, context: SERVICE }).encrypt(customer(), { fields: ['ssn'] });
    const bare = new DataMasking({ provider });
    await expect(bare.decrypt(masked, { fields: ['ssn'] })).rejects.toThrow(DataMaskingContextMismatchError);
    await expect(bare.decrypt(masked, { fields: ['ssn'], context: SERVICE })).resolves.toEqual(customer());
    // and the other way round: ciphertexts made without it do not decrypt under it
    const plain = await bare.encrypt(customer(), { fields: ['ssn'] });
    await expect(new DataMasking({ provider, context: SERVICE }).decrypt(plain, { fields: ['ssn'] })).rejects.toThrow(DataMaskingContextMismatchError);
  });

  it('refuses a call that gives a default key another value, before any KMS call, naming the key and no value', async () => {
    const masker = new DataMasking({ provider, context: SERVICE });
    kms.resetCounters();
    for (const attempt of [
      masker.encrypt(customer(), { fields: ['ssn'], context: { service: 'billing-secret-value' } }),
      masker.encrypt(customer(), { context: { purpose: 'other-secret-value' } }),
      masker.decrypt({ ssn: 'x' }, { fields: ['ssn'], context: { service: 'billing-secret-value' } }),
      masker.mask(order(), { context: { service: 'billing-secret-value' } }),
      masker.unmask(OrderDto, { id: 1, card: 'x' }, { context: { service: 'billing-secret-value' } }),
    ]) {
      const error = await rejectionOf(attempt);
      expect(error).toBeInstanceOf(DataMaskingInvalidOptionsError);
      expect((error as Error).message).toContain('default context');
      expect((error as Error).message).toMatch(/'(service|purpose)'/);
      expect((error as Error).message).not.toMatch(/secret-value|orders|response/);
    }
    expect(kms.calls.GenerateDataKey + kms.calls.Decrypt).toBe(0);
  });

  it('accepts a call repeating a default pair with the same value', async () => {
    const masker = new DataMasking({ provider, context: SERVICE });
    const masked = await masker.encrypt(customer(), { fields: ['ssn'], context: { service: 'orders' } });
    expect(contextOf(masked.ssn)).toEqual(SERVICE);
    await expect(masker.decrypt(masked, { fields: ['ssn'] })).resolves.toEqual(customer());
  });

  it('mask() and unmask() bind it to @Encrypt properties; a property may add keys but not re-bind a default key', async () => {
    const masker = new DataMasking({ provider, context: SERVICE });
    const masked = await masker.mask(order(), { context: { tenant_id: 't-1' } });
    expect(contextOf(masked.card)).toEqual({ ...SERVICE, tenant_id: 't-1' });
    await expect(masker.unmask(OrderDto, masked, { context: { tenant_id: 't-1' } })).resolves.toEqual(order());

    const own = await masker.mask(Object.assign(new OwnContextDto(), { id: 2, card: '5500' }));
    expect(contextOf(own.card)).toEqual({ ...SERVICE, region: 'eu' });

    kms.resetCounters();
    await expect(masker.mask(Object.assign(new ConflictingDto(), { id: 3, card: '4111' }))).rejects.toThrow(DataMaskingInvalidOptionsError);
    const computed = Object.assign(new ComputedConflictDto(), { service: 'from-data', card: '4111' });
    const error = await rejectionOf(masker.mask(computed));
    expect(error).toBeInstanceOf(DataMaskingInvalidOptionsError);
    expect((error as Error).message).not.toContain('from-data');
    expect(kms.calls.GenerateDataKey).toBe(0);
  });

  it('is checked like any context when the masker is built, and copied', async () => {
    expect(() => new DataMasking({ provider, context: { service: 42 } as never })).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => new DataMasking({ provider, context: 'orders' as never })).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => new DataMasking({ provider, context: [['service', 'orders']] as never })).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => new DataMasking({ provider, context: { service: '\ud800' } })).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => new DataMasking({ provider, context: (() => SERVICE) as never })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => new DataMasking({ provider, context: { 'aws-crypto-public-key': 'x' } })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => new DataMasking({ provider, context: { [FIELD_KEY]: '$.ssn' } })).toThrow(DataMaskingInvalidOptionsError);

    const context: Record<string, string> = { ...SERVICE };
    const masker = new DataMasking({ provider, context });
    context.service = 'changed';
    context.extra = 'added';
    expect(contextOf((await masker.encrypt(customer(), { fields: ['ssn'] })).ssn)).toEqual(SERVICE);
  });

  it('is read as an own option only: a polluted Object.prototype.context binds nothing', async () => {
    const prototype = Object.prototype as { context?: unknown };
    prototype.context = { injected: 'yes' };
    let masker: DataMasking;
    try {
      masker = new DataMasking({ provider });
    } finally {
      delete prototype.context;
    }
    expect(contextOf((await masker.encrypt(customer(), { fields: ['ssn'] })).ssn)).toEqual({});
  });
});

describe('@MaskHandler and real Middy with a masker holding a default context', () => {
  it("maskResponse binds the masker's default and the middleware's context, inside a JSON body too", async () => {
    const masker = new DataMasking({ provider, context: SERVICE });
    const handler = middy(async () => ({ statusCode: 200, body: JSON.stringify(customer()) })).use(
      maskResponse({ encrypt: ['ssn'], erase: ['email'], context: { route: 'get-customer' }, masker, body: true }),
    );
    const response = (await handler({}, lambdaContext)) as { body: string };
    const body = JSON.parse(response.body) as { ssn: string; email: string };
    expect(contextOf(body.ssn)).toEqual({ ...SERVICE, route: 'get-customer' });
    await expect(masker.decrypt(body, { fields: ['ssn'], context: { route: 'get-customer' } })).resolves.toMatchObject({ ssn: '123-45-6789' });
  });

  it('a middleware or @MaskHandler whose context re-binds a default key is refused when it is set up', () => {
    const masker = new DataMasking({ provider, context: SERVICE });
    expect(() => maskResponse({ encrypt: ['ssn'], context: { service: 'billing' }, masker })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => {
      class Handler {
        @MaskHandler({ encrypt: ['ssn'], context: { purpose: 'audit' }, masker })
        public async handle() {
          return customer();
        }
      }
      return Handler;
    }).toThrow(DataMaskingInvalidOptionsError);
  });

  it('a DTO returned through the middleware carries the default context', async () => {
    const masker = new DataMasking({ provider, context: SERVICE });
    const handler = middy(async () => order()).use(maskResponse({ masker }));
    const masked = (await handler({}, lambdaContext)) as { card: string };
    expect(contextOf(masked.card)).toEqual(SERVICE);
  });
});

describe('NestJS: DataMaskingModule.forRoot({ context }) over HTTP', () => {
  @Controller()
  class Routes {
    @Get('dto')
    public dto(): OrderDto[] {
      return [order(), order()];
    }

    @Get('route')
    @MaskResponse({ encrypt: ['ssn'], context: { route: 'customers' } })
    public route() {
      return customer();
    }

    @Get('per-request')
    @MaskResponse({ encrypt: ['ssn'], context: (ctx) => ({ tenant_id: String(ctx.switchToHttp().getRequest().headers['x-tenant']) }) })
    public perRequest() {
      return customer();
    }

    @Get('conflict')
    @MaskResponse({ encrypt: ['ssn'], context: { service: 'billing' } })
    public conflict() {
      return customer();
    }

    @Post('orders')
    public create(@Body(DecryptBodyPipe.for(OrderDto)) body: OrderDto) {
      return { received: body instanceof OrderDto, card: body.card };
    }
  }

  let baseUrl: string;
  let close: () => Promise<void>;
  let masker: DataMasking;

  beforeAll(async () => {
    @Module({
      imports: [DataMaskingModule.forRoot({ provider, context: SERVICE })],
      controllers: [Routes],
      providers: [{ provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }],
    })
    class AppModule {}
    const app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    masker = app.get(DataMasking);
    close = () => app.close();
  });
  afterAll(() => close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, { headers });
    return { status: response.status, text: await response.text() };
  };

  it("is every route's default: @Encrypt DTO properties carry it", async () => {
    const { status, text } = await get('/dto');
    expect(status).toBe(200);
    const body = JSON.parse(text) as { card: string }[];
    expect(body.map((record) => contextOf(record.card))).toEqual([SERVICE, SERVICE]);
  });

  it("a route's static context and a per-request context extend it", async () => {
    const route = JSON.parse((await get('/route')).text) as { ssn: string };
    expect(contextOf(route.ssn)).toEqual({ ...SERVICE, route: 'customers' });
    const perRequest = JSON.parse((await get('/per-request', { 'x-tenant': 't-9' })).text) as { ssn: string };
    expect(contextOf(perRequest.ssn)).toEqual({ ...SERVICE, tenant_id: 't-9' });
    await expect(masker.decrypt(perRequest, { fields: ['ssn'], context: { tenant_id: 't-9' } })).resolves.toEqual(customer());
  });

  it('a route re-binding a default key fails closed: an error response without the unmasked data', async () => {
    const { status, text } = await get('/conflict');
    expect(status).toBe(500);
    expect(text).not.toContain('123-45-6789');
    expect(text).not.toContain('ann@example.com');
  });

  it('DecryptBodyPipe decrypts under the default context what the module encrypted', async () => {
    const masked = await masker.mask(order());
    const response = await fetch(`${baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(masked) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ received: true, card: '4111111111111111' });
  });
});
