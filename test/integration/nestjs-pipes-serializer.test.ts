/**
 * NestJS over real HTTP with real class-validator and class-transformer: every supported
 * combination of `ValidationPipe` options (none, whitelist, forbidNonWhitelisted, transform; global
 * and per parameter) and `ClassSerializerInterceptor` placement (none, before or after ours; global,
 * per controller). Whatever the combination:
 *
 * - requests are never rewritten: a handler receives its `@Erase` / `@Encrypt` request fields as
 *   sent, and `DecryptBodyPipe` decrypts;
 * - responses are always masked, or refused (500) when a serializer would see them first;
 * - errors are clean: 400 for bad input (not a ciphertext, failed validation), no value echoed.
 *
 * The KMS provider is the AWS Encryption SDK over HTTP to LocalKms.
 */
import 'reflect-metadata';
import {
  Body,
  ClassSerializerInterceptor,
  Controller,
  Get,
  Module,
  Post,
  UseInterceptors,
  ValidationPipe,
  type INestApplication,
  type PipeTransform,
  type Provider,
  type Type as NestType,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { APP_INTERCEPTOR, APP_PIPE, NestFactory } from '@nestjs/core';
import { Exclude, Type } from 'class-transformer';
import { IsEmail, IsString, MinLength, ValidateNested } from 'class-validator';
import { DATA_MASKING_STRING, DataMasking, Encrypt, Erase } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { DataMaskingInterceptor, DataMaskingModule, DecryptBodyPipe } from 'lambda-data-masking/nestjs';
import { LocalKms } from 'lambda-data-masking/testing';

class AddressDto {
  @IsString() @Erase() public street!: string;
  @IsString() public city!: string;
}

/** A request DTO: the password is erased in responses, never in the request. */
class SignUpDto {
  @IsEmail() public email!: string;
  @IsString() @MinLength(12) @Erase() public password!: string;
  @ValidateNested() @Type(() => AddressDto) public address!: AddressDto;
}

/** A request DTO holding an @Encrypt property in clear (e.g. from a trusted internal caller). */
class PaymentDto {
  @IsString() public item!: string;
  @IsString() @Encrypt() public cardNumber!: string;
}

/** A request DTO whose card number the client encrypted (`masker.mask(order)`). */
class OrderDto {
  @IsString() public item!: string;
  @IsString() @Encrypt() public cardNumber!: string;
}

/** A response DTO. */
class UserView {
  public id!: string;
  @Erase() public password!: string;
  @Encrypt() public ssn!: string;
  @Exclude() public passwordHash!: string;
  @Type(() => AddressDto) public address!: AddressDto;
}

/** An undecorated wrapper that keeps its DTOs in a private field and shows them through toJSON(). */
class Page<T> {
  readonly #items: T[];

  public constructor(items: T[]) {
    this.#items = items;
  }

  public toJSON() {
    return { items: this.#items, total: this.#items.length };
  }
}

const PASSWORD = 'correct horse battery';
const SSN = '123-45-6789';
const CARD = '4111111111111111';
const SIGN_UP = { email: 'ann@example.com', password: PASSWORD, address: { street: '1 Main St', city: 'Springfield' } };

const userView = (): UserView =>
  Object.assign(new UserView(), {
    id: 'u-1',
    password: PASSWORD,
    ssn: SSN,
    passwordHash: '$2b$10$never-on-the-wire',
    address: Object.assign(new AddressDto(), { street: '1 Main St', city: 'Springfield' }),
  });

/** How many times a handler ran (a refused route must not run it). */
let handlerRuns = 0;

/** A controller whose body parameters get `pipes` (per-parameter validation), bound with `interceptors`. */
const makeController = (pipes: (PipeTransform | NestType<PipeTransform>)[], interceptors: unknown[]): NestType<unknown> => {
  @Controller()
  @UseInterceptors(...(interceptors as NestType<never>[]))
  class AccountsController {
    @Post('sign-up')
    public signUp(@Body(...pipes) dto: SignUpDto) {
      handlerRuns++;
      return { email: dto.email, password: dto.password, street: dto.address?.street, city: dto.address?.city };
    }

    @Post('payments')
    public pay(@Body(...pipes) dto: PaymentDto) {
      handlerRuns++;
      return { item: dto.item, last4: dto.cardNumber.slice(-4) };
    }

    @Post('orders')
    public order(@Body(DecryptBodyPipe, ...pipes) order: OrderDto) {
      handlerRuns++;
      return { item: order.item, last4: order.cardNumber.slice(-4) };
    }

    @Get('user')
    public user() {
      handlerRuns++;
      return userView();
    }

    @Get('page')
    public page() {
      handlerRuns++;
      return new Page([userView(), userView()]);
    }
  }
  return AccountsController;
};

interface PipeCase {
  readonly name: string;
  readonly global?: ValidationPipeOptions;
  readonly param?: ValidationPipeOptions;
}

const PIPES: readonly PipeCase[] = [
  { name: 'no ValidationPipe' },
  { name: 'global, no options', global: {} },
  { name: 'global, whitelist', global: { whitelist: true } },
  { name: 'global, whitelist + forbidNonWhitelisted', global: { whitelist: true, forbidNonWhitelisted: true } },
  { name: 'global, transform', global: { transform: true } },
  { name: 'global, whitelist + transform', global: { whitelist: true, transform: true } },
  { name: 'per parameter, no options', param: {} },
  { name: 'per parameter, whitelist', param: { whitelist: true } },
  { name: 'per parameter, forbidNonWhitelisted + transform', param: { whitelist: true, forbidNonWhitelisted: true, transform: true } },
];

interface SerializerCase {
  readonly name: string;
  /** APP_INTERCEPTOR registrations, outermost first. */
  readonly global: unknown[];
  /** The controller's @UseInterceptors, outermost first. */
  readonly controller: unknown[];
  /** Whether a serializer would see responses before DataMaskingInterceptor. */
  readonly refused: boolean;
}

const SERIALIZERS: readonly SerializerCase[] = [
  { name: 'no serializer', global: [DataMaskingInterceptor], controller: [], refused: false },
  { name: 'global: serializer, then ours', global: [ClassSerializerInterceptor, DataMaskingInterceptor], controller: [], refused: false },
  { name: 'global: ours, then serializer', global: [DataMaskingInterceptor, ClassSerializerInterceptor], controller: [], refused: true },
];

/** Other placements, tried with one pipe set. */
const PLACEMENTS: readonly SerializerCase[] = [
  { name: 'serializer global, ours on the controller', global: [ClassSerializerInterceptor], controller: [DataMaskingInterceptor], refused: false },
  { name: 'ours global, serializer on the controller', global: [DataMaskingInterceptor], controller: [ClassSerializerInterceptor], refused: true },
  { name: 'controller: serializer, then ours', global: [], controller: [ClassSerializerInterceptor, DataMaskingInterceptor], refused: false },
  { name: 'controller: ours, then serializer', global: [], controller: [DataMaskingInterceptor, ClassSerializerInterceptor], refused: true },
  {
    name: 'ours global, and on the controller after the serializer',
    global: [DataMaskingInterceptor],
    controller: [ClassSerializerInterceptor, DataMaskingInterceptor],
    refused: false,
  },
];

const CASES = [
  ...PIPES.flatMap((pipe) => SERIALIZERS.map((serializer) => ({ pipe, serializer }))),
  ...PLACEMENTS.map((serializer) => ({ pipe: PIPES[2]!, serializer })),
].map(({ pipe, serializer }) => ({ name: `${pipe.name} | ${serializer.name}`, pipe, serializer }));

let kms: LocalKms;
let provider: AWSEncryptionSDKProvider;

beforeAll(async () => {
  kms = await LocalKms.start();
  provider = new AWSEncryptionSDKProvider({ keys: [kms.createKey().arn], kmsClientConfig: kms.clientConfig() });
});

afterAll(async () => {
  await kms?.stop();
});

describe.each(CASES)('$name', ({ pipe, serializer }) => {
  let app: INestApplication;
  let baseUrl: string;
  let masker: DataMasking;
  const validating = pipe.global !== undefined || pipe.param !== undefined;

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, any> };
  };

  beforeAll(async () => {
    const providers: Provider[] = serializer.global.map((type) => ({ provide: APP_INTERCEPTOR, useClass: type as NestType<unknown> }));
    if (pipe.global !== undefined) providers.push({ provide: APP_PIPE, useValue: new ValidationPipe(pipe.global) });
    const paramPipes = pipe.param === undefined ? [] : [new ValidationPipe(pipe.param)];

    @Module({
      imports: [DataMaskingModule.forRoot({ provider, global: true })],
      controllers: [makeController(paramPipes, serializer.controller)],
      providers,
    })
    class AppModule {}

    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    masker = app.get(DataMasking);
  });

  afterAll(async () => {
    await app?.close();
  });

  if (serializer.refused) {
    it('refuses every request (500) without running the handler or sending a value', async () => {
      const before = handlerRuns;
      for (const [method, path, body] of [
        ['GET', '/user'],
        ['GET', '/page'],
        ['POST', '/sign-up', SIGN_UP],
        ['POST', '/payments', { item: 'book', cardNumber: CARD }],
      ] as const) {
        const response = await call(method, path, body);
        expect(response.status).toBe(500);
        expect(response.text).not.toMatch(new RegExp(`${PASSWORD}|${SSN}|${CARD}|never-on-the-wire|Main St`));
      }
      expect(handlerRuns).toBe(before);
    });
    return;
  }

  it('hands the handler the request fields as sent (@Erase, nested @Erase)', async () => {
    const response = await call('POST', '/sign-up', SIGN_UP);
    expect(response.status).toBe(201);
    expect(response.json()).toEqual({ email: SIGN_UP.email, password: PASSWORD, street: '1 Main St', city: 'Springfield' });
  });

  it('accepts a request DTO with an @Encrypt property (no 500)', async () => {
    const response = await call('POST', '/payments', { item: 'book', cardNumber: CARD });
    expect(response.status).toBe(201);
    expect(response.json()).toEqual({ item: 'book', last4: '1111' });
  });

  it('decrypts an encrypted body with DecryptBodyPipe', async () => {
    const encrypted = await masker.mask(Object.assign(new OrderDto(), { item: 'pen', cardNumber: CARD }));
    const response = await call('POST', '/orders', encrypted);
    expect(response.status).toBe(201);
    expect(response.json()).toEqual({ item: 'pen', last4: '1111' });
  });

  it('answers 400 to a body that is not a ciphertext, without echoing it', async () => {
    const response = await call('POST', '/orders', { item: 'pen', cardNumber: CARD });
    expect(response.status).toBe(400);
    expect(response.text).not.toContain(CARD);
  });

  it(validating ? 'answers 400 to invalid input, without echoing any value' : 'passes unvalidated input through (no ValidationPipe)', async () => {
    const response = await call('POST', '/sign-up', { ...SIGN_UP, email: 'not-an-email' });
    if (!validating) {
      expect(response.status).toBe(201);
      return;
    }
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(new RegExp(`${PASSWORD}|not-an-email|Main St`));
  });

  it('masks a returned DTO (nested DTOs, @Exclude honoured); the client can unmask it', async () => {
    const response = await call('GET', '/user');
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      id: 'u-1',
      password: DATA_MASKING_STRING,
      ssn: expect.stringMatching(/^AgV4/),
      address: { street: DATA_MASKING_STRING, city: 'Springfield' },
    });
    expect((await masker.unmask(UserView, body)).ssn).toBe(SSN);
  });

  it('masks DTOs that a wrapper shows only through toJSON()', async () => {
    const response = await call('GET', '/page');
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body.total).toBe(2);
    expect(body.items.map((item: UserView) => item.password)).toEqual([DATA_MASKING_STRING, DATA_MASKING_STRING]);
    expect(response.text).not.toMatch(new RegExp(`${PASSWORD}|${SSN}|never-on-the-wire|Main St`));
  });
});
