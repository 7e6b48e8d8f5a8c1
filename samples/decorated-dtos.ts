/**
 * Decorated DTOs (beyond Python Powertools): `@Erase` and `@Encrypt` on the properties say how
 * each is protected, wherever the DTO goes; `@MaskHandler` masks a returned DTO by them, and
 * `masker.unmask` turns the masked object back into a DTO with its encrypted properties decrypted.
 * Event: events/customer-id-event.json.
 */
import { DataMasking, Encrypt, Erase, MaskHandler, MaskNested } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type Context, type KmsSettings, type LambdaInterface, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export class CardDto {
  @Encrypt() public number!: string;
  @Erase({ customMask: 'XXX' }) public cvv!: string;
  public brand!: string;
}

export class CustomerDto {
  public id!: string;
  public tenantId!: string;
  public name!: string;
  @Erase({ regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }) public email!: string;
  @Erase({ dynamicMask: true }) public phone!: string;
  @Encrypt({ context: (customer: CustomerDto) => ({ tenant_id: customer.tenantId }) }) public ssn!: string;
  @MaskNested(() => CardDto) public cards!: CardDto[];
}

/** Where the customer comes from: a database, in a real function. */
export const findCustomer = async (id: string): Promise<CustomerDto> =>
  Object.assign(new CustomerDto(), {
    id,
    tenantId: 'tenant-1',
    name: 'John Doe',
    email: 'johndoe@example.com',
    phone: '+1 555-0100',
    ssn: '123-45-6789',
    cards: [Object.assign(new CardDto(), { number: '4111 1111 1111 1111', cvv: '123', brand: 'visa' })],
  });

export const createHandler = ({ keyArn, kmsClientConfig }: KmsSettings) => {
  const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }) });

  class CustomerLambda implements LambdaInterface {
    // The DTO's decorators decide; `context` is bound to every ciphertext, with each property's own.
    @MaskHandler({ masker, context: { service: 'customers' } })
    public async handler(event: { customerId: string }, _context?: Context): Promise<unknown> {
      return findCustomer(event.customerId);
    }
  }

  const handlerClass = new CustomerLambda();
  return { handler: handlerClass.handler.bind(handlerClass), masker };
};

/** The other way: a masked customer, as the handler returned it, back to a `CustomerDto`. */
export const readCustomer = async (masker: DataMasking, masked: unknown): Promise<CustomerDto> =>
  masker.unmask(CustomerDto, masked, { context: { service: 'customers' } });

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()).handler);
