/**
 * `@MaskHandler` on Lambda handler classes in Powertools' `LambdaInterface` style, compiled by
 * swc with legacy decorators as users compile them: sync and async handlers, `this`, the
 * `handler.bind(handlerClass)` export, thrown errors, API Gateway bodies, returned DTOs, and
 * encryption (an AES-GCM test provider, and the real KMS provider on LocalKms).
 */

import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  DATA_MASKING_STRING,
  DataMasking,
  DataMaskingFieldNotFoundError,
  DataMaskingInvalidOptionsError,
  DataMaskingInvalidPathError,
  DataMaskingUnsupportedTypeError,
  Encrypt,
  Erase,
  MaskHandler,
} from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { AesTestProvider } from '../fixtures/aes-test-provider';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

/** The shape of Powertools' `LambdaInterface` (not imported: Powertools is not a dependency). */
interface LambdaInterface {
  handler(event: unknown, context: unknown, callback?: unknown): unknown;
}

const lambdaContext = { functionName: 'fn', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 };

const customer = () => ({
  id: 7,
  email: 'ann@example.com',
  address: { street: '1 Main St', city: 'Lisbon' },
  cards: [{ number: '4111111111111111' }, { number: '5500000000000004' }],
});

class Address {
  @Erase() street!: string;
  city!: string;
}

class CustomerDto {
  id!: number;
  @Erase({ regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }) email!: string;
  @Type(() => Address) address!: Address;
  notes!: string;
}

const customerDto = (): CustomerDto =>
  Object.assign(new CustomerDto(), {
    id: 7,
    email: 'ann@example.com',
    address: Object.assign(new Address(), { street: '1 Main St', city: 'Lisbon' }),
    notes: 'vip',
  });

describe('@MaskHandler on handler classes', () => {
  it('masks the return value of an async handler, keeps `this`, and works through the bind export pattern', async () => {
    class Lambda implements LambdaInterface {
      public readonly source = customer;
      public calls = 0;

      @MaskHandler(['email', 'address.street'])
      public async handler(_event: unknown, _context: unknown): Promise<unknown> {
        this.calls += 1;
        return this.source();
      }
    }
    const handlerClass = new Lambda();
    const handler = handlerClass.handler.bind(handlerClass);

    const response = await handler({}, lambdaContext);

    expect(response).toEqual({ ...customer(), email: DATA_MASKING_STRING, address: { street: DATA_MASKING_STRING, city: 'Lisbon' } });
    expect(handlerClass.calls).toBe(1);
  });

  it('masks the return value of a sync handler (the decorated method returns a Promise) and passes the arguments through', async () => {
    class Lambda implements LambdaInterface {
      public prefix = 'id-';

      @MaskHandler({ erase: ['cards[*].number'] })
      public handler(event: { id: string }, context: { awsRequestId: string }): unknown {
        return { ...customer(), id: `${this.prefix}${event.id}`, request: context.awsRequestId };
      }
    }
    const handlerClass = new Lambda();
    const pending = handlerClass.handler.bind(handlerClass)({ id: '9' }, lambdaContext) as unknown;
    expect(pending).toBeInstanceOf(Promise);
    const response = (await pending) as Record<string, unknown>;
    expect(response.id).toBe('id-9');
    expect(response.request).toBe('req-1');
    expect(response.cards).toEqual([{ number: DATA_MASKING_STRING }, { number: DATA_MASKING_STRING }]);
    expect(response.email).toBe('ann@example.com');
  });

  it('never mutates what the handler returned', async () => {
    const returned = customer();
    class Lambda implements LambdaInterface {
      @MaskHandler(['email'])
      public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
        return returned;
      }
    }
    await new Lambda().handler({}, lambdaContext);
    expect(returned).toEqual(customer());
  });

  it('lets an error thrown by a sync or an async handler pass through untouched', async () => {
    const failure = new Error('boom');
    class Lambda implements LambdaInterface {
      @MaskHandler(['email'])
      public handler(event: { async: boolean }, _context?: unknown): unknown {
        if (event.async) return Promise.reject(failure);
        throw failure;
      }
    }
    const handlerClass = new Lambda();
    await expect(handlerClass.handler({ async: false }, lambdaContext)).rejects.toBe(failure);
    await expect(handlerClass.handler({ async: true }, lambdaContext)).rejects.toBe(failure);
  });

  it('fails closed when a field is missing (the masking error, not the data)', async () => {
    class Lambda implements LambdaInterface {
      @MaskHandler(['ssn'])
      public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
        return customer();
      }
    }
    const error = (await (new Lambda().handler({}, lambdaContext) as Promise<unknown>).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DataMaskingFieldNotFoundError);
    expect(error.message).not.toContain('ann@example.com');
  });

  it('masks inside an API Gateway JSON body with body: true and re-serializes it', async () => {
    class Lambda implements LambdaInterface {
      @MaskHandler({ erase: ['email', 'cards[*].number'], body: true })
      public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(customer()) };
      }
    }
    const response = (await new Lambda().handler({}, lambdaContext)) as { statusCode: number; headers: unknown; body: string };
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(typeof response.body).toBe('string');
    expect(JSON.parse(response.body)).toEqual({
      ...customer(),
      email: DATA_MASKING_STRING,
      cards: [{ number: DATA_MASKING_STRING }, { number: DATA_MASKING_STRING }],
    });
  });

  it('rejects a body that is not JSON with body: true, without quoting it', async () => {
    class Lambda implements LambdaInterface {
      @MaskHandler({ erase: ['email'], body: true })
      public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
        return { statusCode: 200, body: 'email=ann@example.com' };
      }
    }
    const error = (await (new Lambda().handler({}, lambdaContext) as Promise<unknown>).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(error.message).not.toContain('ann@example.com');
  });

  it('masks a returned decorated DTO by its metadata alone with @MaskHandler({})', async () => {
    class Lambda implements LambdaInterface {
      @MaskHandler({})
      public async handler(_event?: unknown, _context?: unknown): Promise<CustomerDto> {
        return customerDto();
      }
    }
    expect(await new Lambda().handler({}, lambdaContext)).toEqual({
      id: 7,
      email: 'a***@example.com',
      address: { street: DATA_MASKING_STRING, city: 'Lisbon' },
      notes: 'vip',
    });
  });

  it('masks a returned DTO (also inside a plain result) by its metadata, then the listed fields on top', async () => {
    class Lambda implements LambdaInterface {
      @MaskHandler(['items[*].notes', 'items[*].address.city'])
      public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
        return { items: [customerDto(), customerDto()], count: 2 };
      }
    }
    const masked = { id: 7, email: 'a***@example.com', address: { street: DATA_MASKING_STRING, city: DATA_MASKING_STRING }, notes: DATA_MASKING_STRING };
    expect(await new Lambda().handler({}, lambdaContext)).toEqual({ items: [masked, masked], count: 2 });
  });

  it('returns a plain result unchanged with @MaskHandler() and no DTO, and passes undefined through', async () => {
    const returned = customer();
    class Lambda implements LambdaInterface {
      @MaskHandler()
      public async handler(event: { empty?: boolean }, _context?: unknown): Promise<unknown> {
        return event.empty ? undefined : returned;
      }
    }
    expect(await new Lambda().handler({}, lambdaContext)).toEqual(customer());
    expect(await new Lambda().handler({ empty: true }, lambdaContext)).toBeUndefined();
  });

  it('validates options and paths when the class is defined', () => {
    expect(() => MaskHandler(['address['])).toThrow(DataMaskingInvalidPathError);
    expect(() => MaskHandler({ fields: ['email'] } as never)).toThrow(/Unknown mask option 'fields'/);
    expect(() => MaskHandler({ erase: [] })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => MaskHandler({ body: 'yes' as never })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => MaskHandler({ context: { n: 1 as never } })).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => {
      class Accessor {
        @MaskHandler(['email'])
        public get handler(): unknown {
          return customer();
        }
      }
      return Accessor;
    }).toThrow(/decorates a method/);
    // Called as a TC39 (standard) decorator: a wrapped method; on what it cannot decorate, a clear error, not a crash.
    const standard = MaskHandler(['email']) as unknown as (value: unknown, context: object) => unknown;
    expect(typeof standard(() => undefined, { kind: 'method', name: 'handler' })).toBe('function');
    expect(() => standard(undefined, { kind: 'field', name: 'handler' })).toThrow(/decorates a method/);
    // A compiler that gives a standard field decorator no metadata object: told what to do.
    expect(() => (Erase() as unknown as (value: undefined, context: object) => void)(undefined, { kind: 'field', name: 'x' })).toThrow(/Symbol\.metadata/);
  });

  it('uses the given masker and its missing-field policy', async () => {
    const warnings: string[] = [];
    const masker = new DataMasking({ throwOnMissingField: false, logger: { warn: (message: string) => warnings.push(message) } });
    class Lambda implements LambdaInterface {
      @MaskHandler({ erase: ['email', 'ssn'], masker })
      public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
        return customer();
      }
    }
    expect(await new Lambda().handler({}, lambdaContext)).toEqual({ ...customer(), email: DATA_MASKING_STRING });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("'ssn'");
  });
});

describe('@MaskHandler with encryption', () => {
  it('encrypts listed fields and @Encrypt properties with the masker provider and the given context', async () => {
    const provider = new AesTestProvider();
    const masker = new DataMasking({ provider });
    class Payment {
      @Encrypt() card!: string;
      @Erase() cvv!: string;
      amount!: number;
    }
    class Lambda implements LambdaInterface {
      @MaskHandler({ encrypt: ['customer.email'], erase: ['customer.address'], context: { tenant_id: 't-1' }, masker })
      public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
        return { customer: customer(), payment: Object.assign(new Payment(), { card: '4000056655665556', cvv: '123', amount: 10 }) };
      }
    }
    const response = (await new Lambda().handler({}, lambdaContext)) as { customer: Record<string, unknown>; payment: Record<string, unknown> };
    expect(response.customer.address).toBe(DATA_MASKING_STRING);
    expect(response.payment.cvv).toBe(DATA_MASKING_STRING);
    expect(JSON.stringify(response)).not.toContain('4000056655665556');
    expect(JSON.stringify(response)).not.toContain('ann@example.com');

    await expect(masker.decrypt(response, { fields: ['customer.email'], context: { tenant_id: 't-1' } })).resolves.toMatchObject({
      customer: { email: 'ann@example.com' },
    });
    const payment = await masker.unmask(Payment, response.payment, { context: { tenant_id: 't-1' } });
    expect(payment).toBeInstanceOf(Payment);
    expect(payment.card).toBe('4000056655665556');
  });

  it('fails without a provider before anything is encrypted, and the handler error names the property', async () => {
    class Sealed {
      @Encrypt() secret!: string;
    }
    class Lambda implements LambdaInterface {
      @MaskHandler({})
      public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
        return Object.assign(new Sealed(), { secret: 'top' });
      }
    }
    await expect(new Lambda().handler({}, lambdaContext)).rejects.toThrow(/@Encrypt on Sealed\.secret/);
  });

  describe('end to end through AWSEncryptionSDKProvider and LocalKms', () => {
    let kms: LocalKms;
    beforeAll(async () => {
      kms = await LocalKms.start();
    });
    afterAll(async () => {
      await kms.stop();
    });

    it('encrypts @Encrypt properties of a returned DTO with KMS and unmasks them back', async () => {
      const { arn } = kms.createKey();
      const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [arn], kmsClientConfig: kms.clientConfig() }) });
      class Account {
        @Encrypt({ context: (account: Account) => ({ tenant_id: account.tenant }) }) iban!: string;
        @Erase({ dynamicMask: true }) holder!: string;
        tenant!: string;
      }
      class Lambda implements LambdaInterface {
        @MaskHandler({ masker })
        public async handler(_event?: unknown, _context?: unknown): Promise<unknown> {
          return [Object.assign(new Account(), { iban: 'PT50000201231234567890154', holder: 'Ann Lee', tenant: 't-9' })];
        }
      }
      const handlerClass = new Lambda();
      const response = (await handlerClass.handler.bind(handlerClass)({}, lambdaContext)) as Record<string, unknown>[];
      expect(response[0]).toEqual({ iban: expect.any(String), holder: '*** ***', tenant: 't-9' });
      expect(JSON.stringify(response)).not.toContain('PT50000201231234567890154');
      expect(kms.callCount('GenerateDataKey')).toBeGreaterThanOrEqual(1);

      const [account] = await masker.unmask(Account, response);
      expect(account).toBeInstanceOf(Account);
      expect(account!.iban).toBe('PT50000201231234567890154');
      await expect(masker.unmask(Account, [{ ...response[0], tenant: 't-other' }])).rejects.toThrow();
    });
  });
});
