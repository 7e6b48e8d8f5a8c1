/** The NestJS sample, bootstrapped on an ephemeral port and called over HTTP. */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import type { INestApplication } from '@nestjs/common';
import { DataMasking } from 'lambda-data-masking';
import { LocalKms } from 'lambda-data-masking/testing';
import { CustomerDto, readCustomer } from '../../samples/decorated-dtos';
import { OrderDto, bootstrap } from '../../samples/nestjs-app';

let kms: LocalKms;
let app: INestApplication;
let baseUrl: string;
let masker: DataMasking;

const call = async (path: string, body?: unknown) => {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

beforeAll(async () => {
  kms = await LocalKms.start();
  app = await bootstrap({ keyArn: kms.createKey().arn, kmsClientConfig: kms.clientConfig() }, { port: 0, host: '127.0.0.1', logger: false });
  baseUrl = await app.getUrl();
  masker = app.get(DataMasking);
});

afterAll(async () => {
  await app?.close();
  await kms?.stop();
});

it('masks a returned DTO by its decorators, which the caller can unmask', async () => {
  const { status, body } = await call('/customers/c-7');

  expect(status).toBe(200);
  expect(body).toMatchObject({ id: 'c-7', email: 'j***@example.com', phone: '** ***-****', ssn: expect.stringMatching(/^AgV4/) });
  const customer = await readCustomer(masker, body);
  expect(customer).toBeInstanceOf(CustomerDto);
  expect(customer.ssn).toBe('123-45-6789');
});

it('erases the fields @MaskResponse names in a plain response', async () => {
  await expect(call('/customers/c-7/contact')).resolves.toEqual({ status: 200, body: { name: 'John Doe', email: '*****', phone: '*****' } });
});

it('decrypts an encrypted order body into an OrderDto', async () => {
  const order = Object.assign(new OrderDto(), { item: 'book', cardNumber: '4111 1111 1111 1111' });
  const encrypted = await masker.mask(order);
  expect(JSON.stringify(encrypted)).not.toContain('4111');

  await expect(call('/orders', encrypted)).resolves.toEqual({ status: 201, body: { item: 'book', charged: 'card ending in 1111' } });
});

it('answers 400 to an order whose card number is not a ciphertext', async () => {
  const { status } = await call('/orders', { item: 'book', cardNumber: '4111 1111 1111 1111' });
  expect(status).toBe(400);
});

it('validates the decrypted order: an invalid card number is a 400 that does not echo it', async () => {
  const encrypted = await masker.mask(Object.assign(new OrderDto(), { item: 'book', cardNumber: 'not-a-card-0000' }));
  const response = await fetch(`${baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(encrypted) });
  const text = await response.text();
  expect(response.status).toBe(400);
  expect(text).toContain('cardNumber must be a credit card');
  expect(text).not.toContain('not-a-card');
});
