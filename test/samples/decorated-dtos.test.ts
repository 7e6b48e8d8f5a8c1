/** The decorated DTO sample: @MaskHandler masks a returned DTO by its decorators; unmask reverses it. */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { DataMaskingContextMismatchError } from 'lambda-data-masking';
import { inspectCiphertext } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { CardDto, CustomerDto, createHandler, findCustomer, readCustomer } from '../../samples/decorated-dtos';
import { lambdaContext, readEvent } from './events';

let kms: LocalKms;
let sample: ReturnType<typeof createHandler>;

beforeAll(async () => {
  kms = await LocalKms.start();
  sample = createHandler({ keyArn: kms.createKey().arn, kmsClientConfig: kms.clientConfig() });
});

afterAll(async () => {
  await kms.stop();
});

it('returns the customer masked by its decorators: erased, partly erased and encrypted', async () => {
  const masked = (await sample.handler(readEvent('customer-id-event.json'), lambdaContext)) as Record<string, any>;

  expect(masked).toEqual({
    id: 'c-42',
    tenantId: 'tenant-1',
    name: 'John Doe',
    email: 'j***@example.com',
    phone: '** ***-****',
    ssn: expect.stringMatching(/^AgV4/),
    cards: [{ number: expect.stringMatching(/^AgV4/), cvv: 'XXX', brand: 'visa' }],
  });
  expect(masked).not.toBeInstanceOf(CustomerDto);
  expect(inspectCiphertext(masked.ssn).encryptionContext).toMatchObject({ service: 'customers', tenant_id: 'tenant-1' });
});

it('unmasks it back into a CustomerDto holding CardDtos, erased properties staying erased', async () => {
  const masked = await sample.handler(readEvent('customer-id-event.json'), lambdaContext);
  const customer = await readCustomer(sample.masker, masked);

  expect(customer).toBeInstanceOf(CustomerDto);
  expect(customer.cards[0]).toBeInstanceOf(CardDto);
  const original = await findCustomer('c-42');
  expect(customer.ssn).toBe(original.ssn);
  expect(customer.cards[0]!.number).toBe(original.cards[0]!.number);
  expect(customer.email).toBe('j***@example.com');
});

it('binds the ssn to the tenant: a record whose tenantId was changed does not unmask', async () => {
  const masked = (await sample.handler(readEvent('customer-id-event.json'), lambdaContext)) as Record<string, unknown>;
  await expect(readCustomer(sample.masker, { ...masked, tenantId: 'tenant-2' })).rejects.toThrow(DataMaskingContextMismatchError);
});
