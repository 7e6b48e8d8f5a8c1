import middy from '@middy/core';
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { DATA_MASKING_STRING, DataMasking, DataMaskingFieldNotFoundError, DataMaskingInvalidOptionsError, Encrypt, Erase } from 'lambda-data-masking';
import { maskResponse } from 'lambda-data-masking/middy';
import { AesTestProvider } from '../fixtures/aes-test-provider';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

// A Lambda context as Middy reads it (its time budget drives Middy's early-timeout guard).
const lambdaContext = {
  functionName: 'masked-fn',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
};

const customer = () => ({
  id: 7,
  name: 'Ann',
  email: 'ann@example.com',
  cards: [
    { number: '4111111111111111', brand: 'visa' },
    { number: '5500000000000004', brand: 'mc' },
  ],
});

class CardDto {
  @Encrypt() public number!: string;
  public brand!: string;
}

class CustomerDto {
  public id!: number;
  public name!: string;
  @Erase() public email!: string;
  @Erase({ dynamicMask: true }) public phone!: string;
  @Type(() => CardDto) public cards!: CardDto[];

  public static sample(): CustomerDto {
    const card = Object.assign(new CardDto(), { number: '4111111111111111', brand: 'visa' });
    return Object.assign(new CustomerDto(), { id: 7, name: 'Ann', email: 'ann@example.com', phone: '555-0100', cards: [card] });
  }
}

describe('maskResponse in a real Middy chain', () => {
  it('erases the listed fields of a plain response and leaves the handler object alone', async () => {
    const returned = customer();
    const handler = middy(async () => returned).use(maskResponse(['email', 'cards[*].number']));

    const response = await handler({}, lambdaContext);

    expect(response).toEqual({
      id: 7,
      name: 'Ann',
      email: DATA_MASKING_STRING,
      cards: [
        { number: DATA_MASKING_STRING, brand: 'visa' },
        { number: DATA_MASKING_STRING, brand: 'mc' },
      ],
    });
    expect(returned).toEqual(customer());
  });

  it('masks inside an API Gateway JSON body with body: true and keeps status and headers', async () => {
    const handler = middy(async () => ({
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(customer()),
    })).use(maskResponse({ erase: ['email', 'cards[*].number'], body: true }));

    const response = (await handler({}, lambdaContext)) as { statusCode: number; headers: unknown; body: string };

    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(response.body)).toEqual({
      id: 7,
      name: 'Ann',
      email: DATA_MASKING_STRING,
      cards: [
        { number: DATA_MASKING_STRING, brand: 'visa' },
        { number: DATA_MASKING_STRING, brand: 'mc' },
      ],
    });
    expect(response.body).not.toContain('ann@example.com');
  });

  it('applies full erase options (masking rules)', async () => {
    const handler = middy(async () => customer()).use(
      maskResponse({
        erase: {
          fields: ['cards[*].number'],
          maskingRules: { email: { regexPattern: /(.)(.*)@/, maskFormat: '$1***@' } },
        },
      }),
    );

    const response = (await handler({}, lambdaContext)) as ReturnType<typeof customer>;

    expect(response.email).toBe('a***@example.com');
    expect(response.cards.map((card) => card.number)).toEqual([DATA_MASKING_STRING, DATA_MASKING_STRING]);
  });

  it('encrypts fields with the given masker and context; the ciphertexts decrypt back', async () => {
    const masker = new DataMasking({ provider: new AesTestProvider() });
    const context = { tenant_id: 't-1' };
    const handler = middy(async () => customer()).use(maskResponse({ encrypt: ['cards[*].number'], context, masker }));

    const response = (await handler({}, lambdaContext)) as ReturnType<typeof customer>;

    expect(response.email).toBe('ann@example.com');
    for (const card of response.cards) expect(card.number).not.toMatch(/^\d+$/);
    expect(await masker.decrypt(response, { fields: ['cards[*].number'], context })).toEqual(customer());
  });

  it('masks a returned DTO by its metadata; the masker can unmask it', async () => {
    const masker = new DataMasking({ provider: new AesTestProvider() });
    const handler = middy(async () => CustomerDto.sample()).use(maskResponse({ masker, context: { tenant_id: 't-1' } }));

    const response = (await handler({}, lambdaContext)) as Record<string, any>;

    expect(response).toEqual({
      id: 7,
      name: 'Ann',
      email: DATA_MASKING_STRING,
      phone: '***-****',
      cards: [{ number: expect.any(String), brand: 'visa' }],
    });
    expect(JSON.stringify(response)).not.toContain('4111');
    const customer = await masker.unmask(CustomerDto, response, { context: { tenant_id: 't-1' } });
    expect(customer.cards[0]).toBeInstanceOf(CardDto);
    expect(customer.cards[0]!.number).toBe('4111111111111111');
  });

  it('masks a DTO body before a serializer middleware turns it into JSON (body: true, fields on top)', async () => {
    const masker = new DataMasking({ provider: new AesTestProvider() });
    const serializer = {
      after: async (request: { response: { body: unknown } }) => {
        request.response = { ...request.response, body: JSON.stringify(request.response.body) };
      },
    };
    const handler = middy(async () => ({ statusCode: 200, body: CustomerDto.sample() }))
      .use(serializer)
      .use(maskResponse({ erase: ['name'], masker, body: true }));

    const response = (await handler({}, lambdaContext)) as { statusCode: number; body: string };

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ name: DATA_MASKING_STRING, email: DATA_MASKING_STRING, phone: '***-****' });
    expect(response.body).not.toContain('4111');
  });

  it('passes a thrown error through untouched and masks nothing', async () => {
    const masker = new DataMasking();
    const erase = jest.spyOn(masker, 'erase');
    const failure = new Error('upstream unavailable');
    const seenOnError: unknown[] = [];
    const handler = middy(async () => {
      throw failure;
    })
      .use({ onError: async (request) => void seenOnError.push(request.response) })
      .use(maskResponse({ erase: ['email'], masker }));

    await expect(handler({}, lambdaContext)).rejects.toBe(failure);
    expect(erase).not.toHaveBeenCalled();
    expect(seenOnError).toEqual([undefined]);
  });

  it('never returns the unmasked response when masking fails', async () => {
    const handler = middy(async () => customer()).use(maskResponse(['phone']));

    const outcome = handler({}, lambdaContext);

    await expect(outcome).rejects.toBeInstanceOf(DataMaskingFieldNotFoundError);
    await expect(outcome).rejects.toThrow(/'phone'/);
    await outcome.catch((error: Error) => expect(error.message).not.toContain('ann@example.com'));
  });

  it('lets an onError middleware turn a masking failure into a safe response', async () => {
    const handler = middy(async () => customer())
      .use({
        onError: async (request) => {
          request.response = { statusCode: 500, body: JSON.stringify({ error: (request.error as Error).name }) };
        },
      })
      .use(maskResponse({ erase: ['phone'], body: false }));

    expect(await handler({}, lambdaContext)).toEqual({
      statusCode: 500,
      body: JSON.stringify({ error: 'DataMaskingFieldNotFoundError' }),
    });
  });

  it('composes with other middlewares: registered last, it masks before the other after hooks run', async () => {
    const logged: unknown[] = [];
    const handler = middy(async (event: { tenant: string }) => ({ statusCode: 200, body: JSON.stringify({ ...customer(), tenant: event.tenant }) }))
      .use({
        before: async (request) => {
          request.event = { ...(request.event as object), tenant: 'acme' };
        },
        after: async (request) => {
          logged.push(JSON.parse((request.response as { body: string }).body));
          request.response = { ...(request.response as object), headers: { 'x-masked': 'yes' } };
        },
      })
      .use(maskResponse({ erase: ['email', 'cards'], body: true }));

    const response = (await handler({ tenant: 'ignored' }, lambdaContext)) as { headers: unknown; body: string };

    const expected = { id: 7, name: 'Ann', email: DATA_MASKING_STRING, cards: [DATA_MASKING_STRING, DATA_MASKING_STRING], tenant: 'acme' };
    expect(logged).toEqual([expected]);
    expect(response.headers).toEqual({ 'x-masked': 'yes' });
    expect(JSON.parse(response.body)).toEqual(expected);
  });

  it('leaves an undefined response undefined', async () => {
    const handler = middy(async () => undefined).use(maskResponse(['email']));
    expect(await handler({}, lambdaContext)).toBeUndefined();
  });

  it('rejects invalid options when the middleware is created, not at the first invocation', () => {
    expect(() => maskResponse({ fields: ['email'] } as never)).toThrow(DataMaskingInvalidOptionsError);
  });
});
