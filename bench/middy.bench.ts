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
  cards: [
    { number: '4111111111111111', brand: 'visa' },
    { number: '5500000000000004', brand: 'mc' },
  ],
});

const SHAPES = [
  { name: 'one customer record', data: customer(), fields: ['email', 'address.street', 'cards[*].number'] },
  { name: '100 users (large object)', data: largeObject(), fields: ['users[*].password', 'users[*].profile.preferences.apiKey'] },
];

export const runMiddyBench = async (): Promise<ReportSection[]> => {
  const masker = new DataMasking();
  const lines = [
    '| response | body | middleware | hand-written | plain handler (no masking) | middleware vs hand-written |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, data, fields } of SHAPES) {
    const stringBody = middy(async () => ({ statusCode: 200, body: JSON.stringify(data) })).use(maskResponse({ erase: fields, body: true }));
    // An object body, serialized by the next after hook (as @middy/http-response-serializer does):
    // maskResponse is registered last, so it masks first.
    const serializer = {
      after: async (request: { response: { body: unknown } }) => {
        request.response = { ...request.response, body: JSON.stringify(request.response.body) };
      },
    };
    const objectBody = middy(async () => ({ statusCode: 200, body: data }))
      .use(serializer)
      .use(maskResponse({ erase: fields, body: true }));
    // The fair hand-written code for each body: what the middleware has to do, written inline.
    // A JSON string body: the same handler's string, then parse, erase, stringify.
    const handWrittenString = middy(async () => {
      const body = JSON.stringify(data);
      return { statusCode: 200, body: JSON.stringify(masker.erase(JSON.parse(body) as unknown, { fields })) };
    });
    // An object body: erase, then stringify.
    const handWrittenObject = middy(async () => ({ statusCode: 200, body: JSON.stringify(masker.erase(data, { fields })) }));
    const plain = middy(async () => ({ statusCode: 200, body: JSON.stringify(data) }));
    const expected = await handWrittenObject({}, lambdaContext);
    deepStrictEqual(await handWrittenString({}, lambdaContext), expected);
    deepStrictEqual(await stringBody({}, lambdaContext), expected);
    deepStrictEqual(await objectBody({}, lambdaContext), expected);
    const bodies = [
      ['JSON string', stringBody, handWrittenString, 'parse, erase, stringify'],
      ['object', objectBody, handWrittenObject, 'erase, stringify'],
    ] as const;
    for (const [bodyName, handler, handWritten, handName] of bodies) {
      const candidates: Candidate[] = [
        { name: 'middleware', run: () => handler({}, lambdaContext) },
        { name: 'hand-written', run: () => handWritten({}, lambdaContext) },
        { name: 'plain', run: () => plain({}, lambdaContext) },
      ];
      const [ours, hand, bare] = await measureAsync(candidates as never, { rounds: 9, roundMs: 200, clock: 'cpu' });
      const us = (ops: number) => `${(1e6 / ops).toFixed(1)} µs`;
      lines.push(
        `| ${name} | ${bodyName} | ${us(ours!.opsPerSecond)} | ${us(hand!.opsPerSecond)} (${handName}) | ${us(bare!.opsPerSecond)} | ${(hand!.opsPerSecond / ours!.opsPerSecond).toFixed(2)}× |`,
      );
    }
  }
  return [
    {
      title: 'Middy maskResponse({ body: true })',
      description:
        "CPU time per invocation of a real Middy handler (median of interleaved rounds; the process's CPU time, so waiting for a core on a crowded machine is left out: nothing here waits for I/O). Each middleware row is compared with the hand-written code doing the same job inline: " +
        'for a JSON string body, the handler stringifies its data, then `JSON.stringify(masker.erase(JSON.parse(body), { fields }))`; for an object body, `JSON.stringify(masker.erase(data, { fields }))`. ' +
        'The middleware handler returns the body as that JSON string (parsed once, masked, serialized once), or as the object itself, which `maskResponse({ erase: fields, body: true })` masks without parsing and a serializer middleware then stringifies. ' +
        'The plain handler stringifies the unmasked body.',
      lines,
    },
  ];
};
