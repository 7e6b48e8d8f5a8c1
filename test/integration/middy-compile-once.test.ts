import middy from '@middy/core';
import { DATA_MASKING_STRING, DataMasking } from 'lambda-data-masking';
import { maskResponse } from 'lambda-data-masking/middy';
import { CountingMasker } from '../fixtures/counting-masker';

const lambdaContext = { functionName: 'masked-fn', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 };

const customer = () => ({ id: 7, email: 'ann@example.com', cards: [{ number: '4111111111111111', brand: 'visa' }], body: 'kept' });

describe('maskResponse (real Middy): options read once, the erase compiled once', () => {
  it('serves what erase gives, reading the options only when the middleware is made and compiling once', async () => {
    const masker = new CountingMasker();
    let reads = 0;
    const options = {
      get erase(): string[] {
        reads++;
        return ['email', 'cards[*].number'];
      },
      get masker(): DataMasking {
        reads++;
        return masker;
      },
    };
    const handler = middy(async () => customer()).use(maskResponse(options));
    const readsAtSetup = reads;
    expect(readsAtSetup).toBeGreaterThan(0);
    const expected = new DataMasking().erase(customer(), { fields: ['email', 'cards[*].number'] });
    for (let call = 0; call < 4; call++) {
      const response = await handler({}, lambdaContext);
      expect(response).toEqual(expected);
      expect((response as { email: string }).email).toBe(DATA_MASKING_STRING);
    }
    expect(reads).toBe(readsAtSetup);
    expect(masker.compiles).toBe(1);
    expect(masker.erases).toBe(0);
  });

  it('with body: true, the body erase is compiled once too, and the response is masked on the wire form', async () => {
    const masker = new CountingMasker();
    const handler = middy(async () => ({ statusCode: 200, body: JSON.stringify(customer()) })).use(maskResponse({ erase: ['email'], body: true, masker }));
    for (let call = 0; call < 3; call++) {
      const response = (await handler({}, lambdaContext)) as { statusCode: number; body: string };
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ ...customer(), email: DATA_MASKING_STRING });
    }
    expect(masker.compiles).toBe(1);
    expect(masker.erases).toBe(0);
  });
});
