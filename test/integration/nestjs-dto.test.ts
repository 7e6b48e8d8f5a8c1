/**
 * NestJS with decorated DTOs and real encryption: the AWS Encryption SDK provider over HTTP to
 * LocalKms. Responses masked by DTO metadata (with and without @MaskResponse), next to Nest's own
 * ClassSerializerInterceptor; request bodies decrypted into DTOs by DecryptBodyPipe.
 */

import 'reflect-metadata';
import { Body, ClassSerializerInterceptor, Controller, Get, Module, Post, UseInterceptors, type INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { Exclude, Type } from 'class-transformer';
import { DATA_MASKING_STRING, DataMasking, DataMaskingInvalidOptionsError, Encrypt, Erase } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { DataMaskingInterceptor, DataMaskingModule, DecryptBodyPipe, MaskResponse } from 'lambda-data-masking/nestjs';
import { LocalKms } from 'lambda-data-masking/testing';

const TENANT = { tenant_id: 't-1' };

class CardDto {
  @Encrypt() public number!: string;
  @Erase({ customMask: 'XXX' }) public cvv!: string;
  public brand!: string;

  public static of(values: Partial<CardDto>): CardDto {
    return Object.assign(new CardDto(), values);
  }
}

class CustomerDto {
  public id!: string;
  public name!: string;
  @Erase() public email!: string;
  @Encrypt() public ssn!: string;
  @Type(() => CardDto) public cards!: CardDto[];

  public static sample(id: string): CustomerDto {
    return Object.assign(new CustomerDto(), {
      id,
      name: 'Ann',
      email: 'ann@example.com',
      ssn: '123-45-6789',
      cards: [CardDto.of({ number: '4111111111111111', cvv: '123', brand: 'visa' })],
    });
  }
}

/** Not ours: class-transformer's @Exclude, applied by ClassSerializerInterceptor. */
class AccountEntity {
  public id = 'acc-1';
  @Exclude() public passwordHash = 'not-for-the-wire';
}

/** An undecorated wrapper holding DTOs. */
class Page<T> {
  public constructor(
    public readonly items: T[],
    public readonly total: number,
  ) {}
}

class OrderDto {
  public item!: string;
  @Encrypt() public cardNumber!: string;
}

@Controller('dto')
@UseInterceptors(DataMaskingInterceptor)
class DtoController {
  @Get('customer')
  public async customer() {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return CustomerDto.sample('c-1');
  }

  @Get('page')
  public page() {
    return new Page([CustomerDto.sample('c-1'), CustomerDto.sample('c-2')], 2);
  }

  @Get('with-fields')
  @MaskResponse({ erase: ['name'], context: TENANT })
  public withFields() {
    return CustomerDto.sample('c-3');
  }

  @Get('account')
  public account() {
    return new AccountEntity();
  }

  @Get('plain')
  public plain() {
    return { id: 'p-1', email: 'ann@example.com', createdAt: new Date(0) };
  }
}

@Controller('orders')
class OrdersController {
  @Post()
  public create(@Body(DecryptBodyPipe) order: OrderDto) {
    return { isOrderDto: order instanceof OrderDto, item: order.item, last4: order.cardNumber.slice(-4) };
  }

  @Post('batch')
  public createMany(@Body(DecryptBodyPipe.for(OrderDto, { context: TENANT })) orders: OrderDto[]) {
    return orders.map((order) => ({ isOrderDto: order instanceof OrderDto, last4: order.cardNumber.slice(-4) }));
  }

  @Post('echo')
  public echo(@Body(DecryptBodyPipe) order: OrderDto) {
    // Would throw (a 500) if a body key had replaced the inherited toString or constructor.
    return { text: String(order), isOrderDto: order.constructor === OrderDto, keys: Object.keys(order).sort() };
  }

  @Post('untyped')
  public untyped(@Body(DecryptBodyPipe) body: Record<string, unknown>) {
    return body;
  }
}

/** Uses the global DataMaskingModule without importing it. */
@Module({ controllers: [OrdersController] })
class OrdersModule {}

describe('NestJS with decorated DTOs and the KMS provider (LocalKms), over real HTTP', () => {
  let kms: LocalKms;
  let app: INestApplication;
  let baseUrl: string;
  let masker: DataMasking;

  const request = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as any };
  };

  beforeAll(async () => {
    kms = await LocalKms.start();
    const { arn } = kms.createKey({ alias: 'alias/nest' });
    const provider = new AWSEncryptionSDKProvider({ keys: [arn], kmsClientConfig: kms.clientConfig() });

    @Module({
      imports: [DataMaskingModule.forRoot({ provider, global: true }), OrdersModule],
      controllers: [DtoController],
      providers: [{ provide: APP_INTERCEPTOR, useClass: ClassSerializerInterceptor }],
    })
    class AppModule {}

    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    masker = app.get(DataMasking);
  });

  afterAll(async () => {
    await app?.close();
    await kms?.stop();
  });

  it('masks a returned DTO by its metadata, with no @MaskResponse; the client can unmask it', async () => {
    const response = await request('GET', '/dto/customer');
    const body = response.json();

    expect(response.status).toBe(200);
    expect(body).toEqual({
      id: 'c-1',
      name: 'Ann',
      email: DATA_MASKING_STRING,
      ssn: expect.any(String),
      cards: [{ number: expect.any(String), cvv: 'XXX', brand: 'visa' }],
    });
    expect(response.text).not.toContain('123-45-6789');
    expect(response.text).not.toContain('4111111111111111');

    const customer = await masker.unmask(CustomerDto, body);
    expect(customer).toBeInstanceOf(CustomerDto);
    expect(customer.cards[0]).toBeInstanceOf(CardDto);
    expect(customer.ssn).toBe('123-45-6789');
    expect(customer.cards[0]!.number).toBe('4111111111111111');
    expect(customer.email).toBe(DATA_MASKING_STRING);
  });

  it('masks DTOs held by an undecorated wrapper class', async () => {
    const body = (await request('GET', '/dto/page')).json();

    expect(body.total).toBe(2);
    expect(body.items.map((item: CustomerDto) => item.email)).toEqual([DATA_MASKING_STRING, DATA_MASKING_STRING]);
    expect(JSON.stringify(body)).not.toContain('123-45-6789');
  });

  it('applies @MaskResponse fields (and its context) on top of the DTO metadata', async () => {
    const body = (await request('GET', '/dto/with-fields')).json();

    expect(body).toMatchObject({ id: 'c-3', name: DATA_MASKING_STRING, email: DATA_MASKING_STRING });
    await expect(masker.unmask(CustomerDto, body)).rejects.toThrow();
    const customer = await masker.unmask(CustomerDto, body, { context: TENANT });
    expect(customer.ssn).toBe('123-45-6789');
  });

  it('leaves instances of other classes to ClassSerializerInterceptor, and plain data unchanged', async () => {
    expect((await request('GET', '/dto/account')).json()).toEqual({ id: 'acc-1' });
    expect((await request('GET', '/dto/plain')).json()).toEqual({
      id: 'p-1',
      email: 'ann@example.com',
      createdAt: new Date(0).toISOString(),
    });
  });

  it('decrypts a body encrypted by a client into the parameter DTO class', async () => {
    const encrypted = await masker.mask(Object.assign(new OrderDto(), { item: 'book', cardNumber: '4111111111111111' }));
    expect(JSON.stringify(encrypted)).not.toContain('4111');

    const response = await request('POST', '/orders', encrypted);

    expect(response.status).toBe(201);
    expect(response.json()).toEqual({ isOrderDto: true, item: 'book', last4: '1111' });
  });

  it('decrypts an array body into DTOs with DecryptBodyPipe.for(Class, { context })', async () => {
    const orders = ['4111111111111111', '5500000000000004'].map((cardNumber) => Object.assign(new OrderDto(), { item: 'pen', cardNumber }));
    const encrypted = await masker.mask(orders, { context: TENANT });

    const response = await request('POST', '/orders/batch', encrypted);

    expect(response.status).toBe(201);
    expect(response.json()).toEqual([
      { isOrderDto: true, last4: '1111' },
      { isOrderDto: true, last4: '0004' },
    ]);
  });

  it('answers 400 for a tampered ciphertext, a wrong context or a plaintext value, without echoing it', async () => {
    const encrypted = (await masker.mask(Object.assign(new OrderDto(), { item: 'book', cardNumber: '4111111111111111' }))) as Record<string, string>;
    const cipher = encrypted.cardNumber!;
    // One character of the encrypted content (past the header) changed.
    const at = cipher.length - 200;
    const tampered = { ...encrypted, cardNumber: `${cipher.slice(0, at)}${cipher[at] === 'A' ? 'B' : 'A'}${cipher.slice(at + 1)}` };
    const bound = await masker.mask([Object.assign(new OrderDto(), { item: 'book', cardNumber: '4111111111111111' })], { context: { tenant_id: 'other' } });

    for (const [path, body] of [
      ['/orders', tampered],
      ['/orders/batch', bound],
      ['/orders', { item: 'book', cardNumber: 4111111111111111 }],
    ] as const) {
      const response = await request('POST', path, body);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ statusCode: 400, message: 'The request body could not be decrypted', error: 'Bad Request' });
      expect(response.text).not.toContain('4111');
    }
  });

  it('assigns no body key that names a method (toString, constructor, valueOf): no mass assignment', async () => {
    const encrypted = (await masker.mask(Object.assign(new OrderDto(), { item: 'book', cardNumber: '4111111111111111' }))) as Record<string, string>;
    const response = await request('POST', '/orders/echo', { ...encrypted, toString: 'x', valueOf: 'y', constructor: 'z', note: 'kept' });

    expect(response.status).toBe(201);
    expect(response.json()).toEqual({ text: '[object Object]', isOrderDto: true, keys: ['cardNumber', 'item', 'note'] });
  });

  it('refuses a parameter whose declared type is not a DTO class (500, a programming error)', async () => {
    const response = await request('POST', '/orders/untyped', { a: 1 });
    expect(response.status).toBe(500);
  });

  describe('DecryptBodyPipe built with new', () => {
    const metadata = { type: 'body' as const, metatype: Object };

    it('decrypts into the given type with the given masker', async () => {
      const encrypted = await masker.mask(Object.assign(new OrderDto(), { item: 'cup', cardNumber: '4111111111111111' }));
      const order = await new DecryptBodyPipe({ type: OrderDto, masker }).transform(encrypted, metadata);
      expect(order).toBeInstanceOf(OrderDto);
      expect(order.cardNumber).toBe('4111111111111111');
    });

    it('explains what is missing: a masker, or a DTO class', async () => {
      await expect(new DecryptBodyPipe({ type: OrderDto }).transform({}, metadata)).rejects.toThrow(/no DataMasking/);
      await expect(new DecryptBodyPipe({ masker }).transform({}, metadata)).rejects.toBeInstanceOf(DataMaskingInvalidOptionsError);
    });

    it('lets exceptionFactory choose the exception for a bad ciphertext', async () => {
      const pipe = new DecryptBodyPipe({ type: OrderDto, masker, exceptionFactory: (error) => new Error(`rejected: ${error.name}`) });
      await expect(pipe.transform({ item: 'cup', cardNumber: 'bm90IGEgY2lwaGVydGV4dA==' }, metadata)).rejects.toThrow('rejected: DataMaskingDecryptValueError');
    });
  });
});
