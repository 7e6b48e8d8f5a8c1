import middy from '@middy/core';
import { deepStrictEqual } from 'node:assert';
import { DataMasking } from '../src';
import { maskResponse } from '../src/integrations/middy';
import { largeObject } from './fixtures';
import { type Candidate, type ReportSection, measureAsync } from './harness';

/**
 * Middy `maskResponse({ body: true })` against the same handler that erases, then stringifies,
 * by hand; and against the plain handler without any masking.
 */

const lambdaContext = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 30_000 } as never;

const customer = () => ({
  id: 7,
  name: 'Ann Example',
  email: 'ann@example.com',
  address: { street: '1 Main Street', city: 'Anytown', zip: '12345' },
  cards: [{ number: '4111111111111111', brand: 'visa' }, { number: '5500000000000004', brand: 'mc' }],
});

const SHAPES = [
  { name: 'one customer record', data: customer(), fields: ['email', 'address.street', 'cards[*].number'] },
  { name: '100 users (large object)', data: largeObject(), fields: ['users[*].password', 'users[*].profile.preferences.apiKey'] },
];

export const runMiddyBench = async (): Promise<ReportSection[]> => {
  const masker = new DataMasking();
  const lines = ['| response | body | middleware | hand-written erase, then stringify | plain handler (no masking) | middleware vs hand-written |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const { name, data, fields } of SHAPES) {
    const stringBody = middy(async () => ({ statusCode: 200, body: JSON.stringify(data) })).use(maskResponse({ erase: fields, body: true }));
    // An object body, serialized by the next after hook (as @middy/http-response-serializer does):
    // maskResponse is registered last, so it masks first.
    const serializer = {
      after: async (request: { response: { body: unknown } }) => {
        request.response = { ...request.response, body: JSON.stringify(request.response.body) };
      },
    };
    const objectBody = middy(async () => ({ statusCode: 200, body: data })).use(serializer).use(maskResponse({ erase: fields, body: true }));
    const handWritten = middy(async () => ({ statusCode: 200, body: JSON.stringify(masker.erase(data, { fields })) }));
    const plain = middy(async () => ({ statusCode: 200, body: JSON.stringify(data) }));
    const expected = await handWritten({}, lambdaContext);
    deepStrictEqual(await stringBody({}, lambdaContext), expected);
    deepStrictEqual(await objectBody({}, lambdaContext), expected);
    for (const [bodyName, handler] of [['JSON string', stringBody], ['object', objectBody]] as const) {
      const candidates: Candidate[] = [
        { name: 'middleware', run: () => handler({}, lambdaContext) },
        { name: 'hand-written', run: () => handWritten({}, lambdaContext) },
        { name: 'plain', run: () => plain({}, lambdaContext) },
      ];
      const [ours, hand, bare] = await measureAsync(candidates as never, { rounds: 9, roundMs: 200 });
      const us = (ops: number) => `${(1e6 / ops).toFixed(1)} µs`;
      lines.push(`| ${name} | ${bodyName} | ${us(ours!.opsPerSecond)} | ${us(hand!.opsPerSecond)} | ${us(bare!.opsPerSecond)} | ${(hand!.opsPerSecond / ours!.opsPerSecond).toFixed(2)}× |`);
    }
  }
  return [
    {
      title: 'Middy maskResponse({ body: true })',
      description:
        'Time per invocation of a real Middy handler (median of interleaved rounds). The hand-written baseline returns `{ statusCode, body: JSON.stringify(masker.erase(data, { fields })) }`; ' +
        'the middleware handler returns the body as a JSON string (parsed once, masked, serialized once), or as the object itself, which `maskResponse({ erase: fields, body: true })` masks without parsing and a serializer middleware then stringifies. ' +
        'The plain handler stringifies the unmasked body: a JSON string body costs at least that stringify plus one parse more than the hand-written code, whatever the middleware does.',
      lines,
    },
  ];
};
