/**
 * `npm start`: a guided tour of the samples. It starts LocalKms (an offline KMS on 127.0.0.1),
 * runs every sample on its event, and prints each one's input and output, long ciphertexts
 * shortened. Colour when stdout is a terminal (unless NO_COLOR is set), plain text when piped.
 * No AWS account and no network beyond the loopback interface.
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true'; // credentials are LocalKms' dummy ones: never look for others
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'; // a notice about future SDK releases

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataMasking, DataMaskingContextMismatchError, type DataMaskingError } from 'lambda-data-masking';
import { createBranchKeyStoreTable, inspectCiphertext } from 'lambda-data-masking/kms';
import { DynamoDbLocal, LocalKms } from 'lambda-data-masking/testing';
import * as cacheTuning from './cache-tuning';
import * as changingDefaultAlgorithm from './changing-default-algorithm';
import * as allFieldsInAList from './choosing-parts/all-fields-in-a-list';
import * as allKeyItems from './choosing-parts/all-key-items';
import * as complexNestedKey from './choosing-parts/complex-nested-key';
import * as conditionalExpression from './choosing-parts/conditional-expression';
import * as multipleKeys from './choosing-parts/multiple-keys';
import * as nestedKey from './choosing-parts/nested-key';
import * as slicingAList from './choosing-parts/slicing-a-list';
import * as topLevelKey from './choosing-parts/top-level-key';
import * as compileEraserSample from './compile-eraser';
import * as customMasks from './custom-masks';
import * as customProvider from './custom-provider';
import * as customSerializer from './custom-serializer';
import * as decoratedDtos from './decorated-dtos';
import * as defaultContext from './default-context';
import * as contextDecrypt from './encryption-context-decrypt';
import * as contextEncrypt from './encryption-context-encrypt';
import * as fieldEncryptionSuite from './field-encryption-suite';
import * as fieldLevel from './field-level-encryption';
import * as gettingStartedDecrypt from './getting-started-decrypt';
import * as gettingStartedEncrypt from './getting-started-encrypt';
import * as gettingStartedErase from './getting-started-erase';
import * as hierarchicalKeyring from './hierarchical-keyring';
import * as jsonInput from './json-input';
import * as loggingPino from './logging-pino';
import * as loggingPowertools from './logging-powertools';
import * as loggingWinston from './logging-winston';
import type { KmsSettings } from './lambda';
import * as maskHandler from './mask-handler';
import * as middyHandler from './middy-handler';
import * as missingFields from './missing-fields';
import * as nestedDtos from './nested-dtos';
import * as nestjsApp from './nestjs-app';
import * as rawAes from './raw-aes-keyring';
import * as testingYourCode from './testing-your-code';
import * as usingMultipleKeys from './using-multiple-keys';

// ---------------------------------------------------------------------------------------------
// Output

const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: string, text: string): string => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = (text: string) => paint('1', text);
const dim = (text: string) => paint('2', text);
const cyan = (text: string) => paint('36', text);
const green = (text: string) => paint('32', text);
const red = (text: string) => paint('31', text);
const yellow = (text: string) => paint('33', text);

const write = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};

/** A base64 run long enough to be a ciphertext: `AgV4…(1148 chars)`. */
const shortenCiphertexts = (text: string): string =>
  text.replace(/[A-Za-z0-9+/]{64,}={0,2}/g, (run) => `${run.slice(0, 4)}…(${run.length} chars)`);

const WIDTH = 96;

/** JSON-like text: a member or element on one line when it fits, BigInts as `1n`, class instances named. */
const render = (value: unknown, indent = ''): string => {
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object' || value === null) return shortenCiphertexts(JSON.stringify(value));
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const className = Array.isArray(value) || prototype === Object.prototype || prototype === null ? '' : `${prototype.constructor?.name ?? ''} `;
  const entries = Array.isArray(value)
    ? value.map((element) => render(element, `${indent}  `))
    : Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}: ${render(member, `${indent}  `)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return `${className}${open}${close}`;
  const oneLine = `${className}${open} ${entries.join(', ')} ${close}`;
  if (!oneLine.includes('\n') && indent.length + oneLine.length <= WIDTH) return oneLine;
  return `${className}${open}\n${entries.map((entry) => `${indent}  ${entry}`).join(',\n')}\n${indent}${close}`;
};

/** A labelled block: a value rendered as JSON, or a text as it is. */
const show = (label: string, value: unknown, asText = false): void => {
  const text = asText ? String(value) : render(value);
  write(`${dim(label.padEnd(7))} ${text.split('\n').join(`\n${' '.repeat(8)}`)}`);
};

// ---------------------------------------------------------------------------------------------
// Steps

const event = <T = any>(name: string): T => JSON.parse(readFileSync(join(__dirname, 'events', name), 'utf8')) as T;

/** What a step that must fail shows: the error's class and message (never data). */
class ExpectedFailure {
  public constructor(public readonly error: DataMaskingError) {}
}

const expectFailure = async (type: new (...args: never[]) => DataMaskingError, run: () => Promise<unknown>): Promise<ExpectedFailure> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof type) return new ExpectedFailure(error);
    throw error;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
};

interface Step {
  readonly title: string;
  /** The sample file the step runs, relative to samples/. */
  readonly file: string;
  /** Its input: an event file of samples/events... */
  readonly event?: string;
  /** ...or a value computed when the step runs (an earlier step's output, an HTTP request line). */
  readonly input?: () => unknown;
  readonly run: (input: any) => Promise<unknown>;
  /** A line after the output: what the ciphertext header says, the KMS calls the step made... */
  readonly note?: (output: any, kmsCalls: string) => string;
}

interface Section {
  readonly title: string;
  readonly steps: readonly Step[];
}

type CallCounts = LocalKms['calls'];

/** The KMS calls made between two snapshots of the LocalKms counters. */
const describeCalls = (after: CallCounts, before?: CallCounts): string =>
  (['GenerateDataKey', 'Encrypt', 'Decrypt'] as const).map((operation) => `${operation} ${after[operation] - (before?.[operation] ?? 0)}`).join(', ');

/** The JSON lines a run writes to process.stdout (where Powertools Logger prints), parsed. */
const stdoutLines = async (run: () => Promise<unknown>): Promise<unknown[]> => {
  const written: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => written.push(chunk.toString()) > 0) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = original;
  }
  return written.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
};

const lambdaContext = {
  functionName: 'tour',
  awsRequestId: 'tour-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:tour',
  memoryLimitInMB: '128',
  getRemainingTimeInMillis: () => 30_000,
} as never;

/**
 * The branch key store of the hierarchical keyring step: a table on DynamoDB Local (AWS's own,
 * a JVM started when the tour starts, fetched once by scripts/dynamodb-local.js), or on the one
 * LDM_DYNAMODB_ENDPOINT names (the test run's).
 */
const startKeyStore = (kms: LocalKms): { settings: () => Promise<hierarchicalKeyring.KeyStoreSettings>; stop: () => Promise<void> } => {
  const given = process.env.LDM_DYNAMODB_ENDPOINT;
  let local: Promise<DynamoDbLocal> | undefined;
  let endpoint: Promise<string>;
  if (given !== undefined) {
    endpoint = DynamoDbLocal.waitFor(given, 180_000).then(() => given);
  } else {
    const { ensureDynamoDbLocal } = require('../scripts/dynamodb-local.js') as { ensureDynamoDbLocal: () => string };
    local = DynamoDbLocal.start({ directory: ensureDynamoDbLocal(), startTimeoutMs: 180_000 });
    endpoint = local.then((ddb) => ddb.endpoint);
  }
  endpoint.catch(() => undefined); // reported by the step that needs it
  let settings: Promise<hierarchicalKeyring.KeyStoreSettings> | undefined;
  return {
    settings: () =>
      (settings ??= endpoint.then(async (url) => {
        const store: hierarchicalKeyring.KeyStoreSettings = {
          keyStoreTableName: `tour-branch-keys-${process.pid}`,
          kmsKeyArn: kms.createKey({ alias: 'alias/tour-branch-keys' }).arn,
          kmsClientConfig: kms.clientConfig(),
          dynamoDbClientConfig: { endpoint: url, region: kms.region, credentials: kms.clientConfig().credentials },
        };
        await createBranchKeyStoreTable(store);
        return store;
      })),
    stop: async () => {
      await (await local?.catch(() => undefined))?.stop();
    },
  };
};

const buildSections = (
  settings: KmsSettings,
  secondKeyArn: string,
  app: () => Promise<INestApplication>,
  keyStore: ReturnType<typeof startKeyStore>['settings'],
  kms: LocalKms,
): Section[] => {
  // Outputs that later steps take as their input.
  const memory: Record<string, any> = {};
  const keep = <T>(name: string, value: T): T => {
    memory[name] = value;
    return value;
  };
  const decryptor = gettingStartedDecrypt.createHandler(settings);
  const fieldLevelHandlers = fieldLevel.createHandlers(settings);
  const dtoSample = decoratedDtos.createHandler(settings);
  const wrappingKey = new Uint8Array(32).fill(7); // a fixed demo key: yours comes from a secret store
  const http = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${await (await app()).getUrl()}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const choose = (title: string, file: string, eventName: string, handler: (data: Record<string, unknown>) => Promise<unknown>): Step => ({
    title,
    file: `choosing-parts/${file}`,
    event: `choosing-parts/${eventName}`,
    run: handler,
  });

  return [
    {
      title: 'Erasing: irreversible, in memory, no key needed',
      steps: [
        {
          title: 'Erase email, address.street and company_address',
          file: 'getting-started-erase.ts',
          event: 'customer-event.json',
          run: gettingStartedErase.handler,
        },
        {
          title: 'The same with @MaskHandler on a LambdaInterface class',
          file: 'mask-handler.ts',
          event: 'customer-event.json',
          run: maskHandler.handler,
        },
        {
          title: 'A handler under test (see test/samples/testing-your-code.test.ts)',
          file: 'testing-your-code.ts',
          input: () => ({ testkey: 'testvalue' }),
          run: (input) => testingYourCode.handler(input, { functionName: 'tour', awsRequestId: 'tour-1', getRemainingTimeInMillis: () => 5 }),
        },
      ],
    },
    {
      title: 'Choosing parts of your data (JSONPath)',
      steps: [
        choose("fields: ['card_number']", 'top-level-key.ts', 'top-level-key.json', topLevelKey.handler),
        choose("fields: ['address.postcode']", 'nested-key.ts', 'nested-key.json', nestedKey.handler),
        choose("fields: ['address.postcode', 'address.street']", 'multiple-keys.ts', 'multiple-keys.json', multipleKeys.handler),
        choose("fields: ['address']: a list keeps its length", 'all-key-items.ts', 'all-key-items.json', allKeyItems.handler),
        choose("fields: ['category..name']: at any depth", 'complex-nested-key.ts', 'complex-nested-key.json', complexNestedKey.handler),
        choose("fields: ['address[*].street']", 'all-fields-in-a-list.ts', 'all-fields-in-a-list.json', allFieldsInAList.handler),
        choose("fields: ['address[-1].street']: postcode 78495 stays", 'slicing-a-list.ts', 'slicing-a-list.json', slicingAList.handler),
        choose(
          "fields: ['$.address[?(@.postcode > 12000)]']: the matching elements",
          'conditional-expression.ts',
          'conditional-expression.json',
          conditionalExpression.handler,
        ),
        choose(
          "fields: ['$.address[?(@.postcode > 12000)].street']: only their streets",
          'conditional-expression.ts',
          'conditional-expression.json',
          conditionalExpression.streetsHandler,
        ),
        {
          title: 'A JSON string body is parsed, and returned parsed',
          file: 'json-input.ts',
          event: 'json-input-event.json',
          run: jsonInput.handler,
        },
        {
          title: 'Custom masks and masking rules',
          file: 'custom-masks.ts',
          event: 'custom-masks-event.json',
          run: customMasks.handler,
        },
        {
          title: 'Optional fields: warn instead of throwing',
          file: 'missing-fields.ts',
          event: 'missing-fields-event.json',
          run: missingFields.handler,
          note: () => `warnings: ${missingFields.warnings.join(' | ')}`,
        },
      ],
    },
    {
      title: 'Log masking: every line masked, the logger never broken',
      steps: [
        {
          title: 'masker.compile: options checked and paths compiled once, then only the walk per call',
          file: 'compile-eraser.ts',
          event: 'order-event.json',
          run: compileEraserSample.handler,
        },
        {
          title: 'Powertools Logger + MaskingLogFormatter: the logged event and every item (the lines it printed)',
          file: 'logging-powertools.ts',
          event: 'order-event.json',
          run: (input) => stdoutLines(() => loggingPowertools.handler(input, lambdaContext)),
        },
        {
          title: 'pino + withMasking: log objects and child bindings (the lines it wrote)',
          file: 'logging-pino.ts',
          event: 'order-event.json',
          run: async (input) => {
            const lines: unknown[] = [];
            loggingPino.handleOrder(loggingPino.createLogger({ write: (line: string) => void lines.push(JSON.parse(line)) }), input);
            return lines;
          },
        },
        {
          title: 'winston + maskingFormat (the lines it wrote)',
          file: 'logging-winston.ts',
          event: 'order-event.json',
          run: loggingWinston.writtenLines,
        },
      ],
    },
    {
      title: 'Encrypting and decrypting with a KMS key (here LocalKms)',
      steps: [
        {
          title: 'Encrypt the whole body',
          file: 'getting-started-encrypt.ts',
          event: 'customer-event.json',
          run: async (input) => keep('encrypted', await gettingStartedEncrypt.createHandler(settings)(input)),
          note: (_output, calls) => `KMS calls: ${calls}`,
        },
        {
          title: 'Decrypt it',
          file: 'getting-started-decrypt.ts',
          input: () => memory.encrypted,
          run: decryptor,
          note: (_output, calls) => `KMS calls: ${calls}`,
        },
        {
          title: 'Read the header of a ciphertext made by Python Powertools (inspectCiphertext: no key, no KMS)',
          file: 'getting-started-decrypt.ts',
          event: 'decrypt-event.json',
          run: async (input: { body: string }) => {
            const info = inspectCiphertext(input.body);
            return { algorithmSuiteName: info.algorithmSuiteName, encryptedDataKeys: info.encryptedDataKeys, signed: info.signed };
          },
        },
        {
          title: 'Encrypt with an encryption context',
          file: 'encryption-context-encrypt.ts',
          event: 'customer-event.json',
          run: async (input) => keep('withContext', await contextEncrypt.createHandler(settings)(input)),
          note: (ciphertext: string) => `context in the header: ${Object.keys(inspectCiphertext(ciphertext).encryptionContext).join(', ')}`,
        },
        {
          title: 'Decrypt with the same context',
          file: 'encryption-context-decrypt.ts',
          input: () => ({ body: memory.withContext }),
          run: contextDecrypt.createHandler(settings),
        },
        {
          title: 'Decrypt without it: refused before any KMS call',
          file: 'getting-started-decrypt.ts',
          input: () => ({ body: memory.withContext }),
          run: (input) => expectFailure(DataMaskingContextMismatchError, () => decryptor(input)),
          note: (_output, calls) => `KMS calls: ${calls}`,
        },
      ],
    },
    {
      title: 'Advanced',
      steps: [
        {
          title: 'A custom serializer keeps BigInts across encrypt and decrypt',
          file: 'custom-serializer.ts',
          event: 'account-event.json',
          run: async (input) => {
            const ciphertext = await customSerializer.createHandler(settings)(input);
            return { ciphertext, decrypted: await customSerializer.createMasker(settings).decrypt(ciphertext) };
          },
        },
        {
          title: 'Your own provider (AES-GCM with a key you hold, no KMS), enabled with enableEncryption()',
          file: 'custom-provider.ts',
          event: 'customer-event.json',
          run: async (input: { body: { email: string } }) => {
            const masker = customProvider.createMasker(randomBytes(32));
            const encrypted = await masker.encrypt(input.body, { fields: ['email'], context: { tenant: 't-1' } });
            const decrypted = await masker.decrypt<{ email: string }>(encrypted, { fields: ['email'], context: { tenant: 't-1' } });
            return { email: encrypted.email, decrypted: decrypted.email };
          },
        },
        {
          title: 'Several keys: the data key is wrapped under each',
          file: 'using-multiple-keys.ts',
          event: 'customer-event.json',
          run: usingMultipleKeys.createHandler({ keyArns: [settings.keyArn, secondKeyArn], kmsClientConfig: settings.kmsClientConfig }),
          note: (output: { body: string }, calls) =>
            `KMS calls: ${calls}; the data key is wrapped for ${inspectCiphertext(output.body).encryptedDataKeys.length} keys`,
        },
        {
          title: 'Provider options: the unsigned committing algorithm suite',
          file: 'changing-default-algorithm.ts',
          event: 'customer-event.json',
          run: changingDefaultAlgorithm.createHandler(settings),
          note: (ciphertext: string) => `suite ${inspectCiphertext(ciphertext).algorithmSuiteName}, ${ciphertext.length} chars`,
        },
        {
          title: 'Cache tuning: 10 encrypts under maxBytesEncrypted: 2000',
          file: 'cache-tuning.ts',
          event: 'customer-event.json',
          run: async (input) => {
            const handler = cacheTuning.createHandler(settings);
            let last: unknown;
            for (let call = 0; call < 10; call++) last = await handler(input);
            return last;
          },
          note: (_output, calls) =>
            `KMS calls: ${calls} (${JSON.stringify(event('customer-event.json').body).length} bytes a message: a new data key every 2000 bytes)`,
        },
      ],
    },
    {
      title: 'Beyond Python Powertools',
      steps: [
        {
          title: 'Field-level encryption: the SSN and card numbers, each its own ciphertext',
          file: 'field-level-encryption.ts',
          event: 'field-level-event.json',
          run: async (input) => keep('record', await fieldLevelHandlers.store(input)),
        },
        {
          title: 'Read the record back',
          file: 'field-level-encryption.ts',
          input: () => ({ body: memory.record }),
          run: fieldLevelHandlers.read,
        },
        {
          title: 'Anti-swap: a card number ciphertext moved into the ssn field',
          file: 'field-level-encryption.ts',
          input: () => ({ body: { ...memory.record, ssn: memory.record.cards[0].number } }),
          run: (input) => expectFailure(DataMaskingContextMismatchError, () => fieldLevelHandlers.read(input)),
        },
        {
          title: 'Field-level encryption with the unsigned suite chosen once for the masker',
          file: 'field-encryption-suite.ts',
          event: 'field-level-event.json',
          run: async (input) => {
            const result = (await fieldEncryptionSuite.createHandler(settings)(input)) as { ssn: string };
            return { ...result, suite: inspectCiphertext(result.ssn).algorithmSuiteName };
          },
        },
        {
          title: 'Decorated DTOs returned by a @MaskHandler handler',
          file: 'decorated-dtos.ts',
          event: 'customer-id-event.json',
          run: async (input) => keep('dto', await dtoSample.handler(input)),
        },
        {
          title: 'masker.unmask: back to a CustomerDto',
          file: 'decorated-dtos.ts',
          input: () => memory.dto,
          run: (input) => decoratedDtos.readCustomer(dtoSample.masker, input),
        },
        {
          title: 'Nested DTOs declared with @MaskNested (the same under tsc, esbuild and swc)',
          file: 'nested-dtos.ts',
          event: 'nested-order-event.json',
          run: nestedDtos.handler,
        },
        {
          title: 'A nested DTO that nothing declares: refused, never in clear',
          file: 'nested-dtos.ts',
          event: 'nested-order-event.json',
          run: nestedDtos.undeclared,
        },
        {
          title: 'Middy: maskResponse inside an API Gateway body',
          file: 'middy-handler.ts',
          event: 'api-gateway-event.json',
          run: (input) =>
            middyHandler.createHandler(settings)(input, { functionName: 'tour', awsRequestId: 'tour-1', getRemainingTimeInMillis: () => 30_000 } as never),
        },
        {
          title: "Middy: the masker's default encryption context, extended by the handler's",
          file: 'default-context.ts',
          event: 'api-gateway-event.json',
          run: async (input) => {
            const response = (await defaultContext.createHandler(defaultContext.createMasker(settings))(input as never, lambdaContext)) as { body: string };
            const { ssn } = JSON.parse(response.body) as { ssn: string };
            const pairs = Object.entries(inspectCiphertext(ssn).encryptionContext).filter(([key]) => !key.startsWith('aws-crypto-') && !key.startsWith('lambda-data-masking:'));
            return { ...response, context: Object.fromEntries(pairs) };
          },
        },
        {
          title: 'NestJS: a DTO response, masked by its decorators',
          file: 'nestjs-app.ts',
          input: () => 'GET /customers/c-42',
          run: () => http('GET', '/customers/c-42'),
        },
        {
          title: 'NestJS: @MaskResponse on a plain response',
          file: 'nestjs-app.ts',
          input: () => 'GET /customers/c-42/contact',
          run: () => http('GET', '/customers/c-42/contact'),
        },
        {
          title: 'NestJS: DecryptBodyPipe decrypts an order the caller encrypted',
          file: 'nestjs-app.ts',
          input: async () => {
            const masker = (await app()).get(DataMasking);
            const order = Object.assign(new nestjsApp.OrderDto(), { item: 'book', cardNumber: '4111 1111 1111 1111' });
            return keep('order', await masker.mask(order));
          },
          run: (order) => http('POST', '/orders', order),
        },
        {
          title: 'No KMS: a raw AES keyring with a key of your own',
          file: 'raw-aes-keyring.ts',
          event: 'customer-event.json',
          run: rawAes.createHandler(wrappingKey),
        },
      ],
    },
    {
      title: 'Many tenants: the hierarchical keyring (branch keys in DynamoDB Local, wrapped by LocalKms)',
      steps: [
        {
          title: "Onboard a tenant: its branch key, stored in the key store's DynamoDB table",
          file: 'hierarchical-keyring.ts',
          input: () => ({ tenantId: 'tenant-acme' }),
          run: async ({ tenantId }: { tenantId: string }) => {
            const before = kms.calls;
            const branchKeyId = await hierarchicalKeyring.onboardTenant(await keyStore(), tenantId);
            const after = kms.calls;
            return {
              branchKeyId,
              kmsCalls: {
                GenerateDataKeyWithoutPlaintext: after.GenerateDataKeyWithoutPlaintext - before.GenerateDataKeyWithoutPlaintext,
                ReEncrypt: after.ReEncrypt - before.ReEncrypt,
              },
            };
          },
        },
        {
          title: 'Encrypt 20 events of that tenant: one KMS call in all, for its branch key',
          file: 'hierarchical-keyring.ts',
          event: 'tenant-event.json',
          run: async (input: { tenant_id: string; body: Record<string, unknown> }) => {
            const handler = hierarchicalKeyring.createHandler(await keyStore());
            const first = await handler(input);
            for (let i = 1; i < 20; i++) await handler(input);
            return first;
          },
          note: (output: { body: Record<string, string> }, kmsCalls) =>
            `${kmsCalls} for 20 events (40 field ciphertexts); wrapped by ` +
            `${inspectCiphertext(output.body.email!).encryptedDataKeys.map((key) => `${key.providerId} ${key.providerInfo}`).join(', ')}`,
        },
      ],
    },
  ];
};

// ---------------------------------------------------------------------------------------------
// Run

const main = async (): Promise<number> => {
  const kms = await LocalKms.start();
  const settings: KmsSettings = { keyArn: kms.createKey({ alias: 'alias/tour' }).arn, kmsClientConfig: kms.clientConfig() };
  const secondKeyArn = kms.createKey({ alias: 'alias/tour-second' }).arn;
  let nest: Promise<INestApplication> | undefined;
  const app = () => (nest ??= nestjsApp.bootstrap(settings, { port: 0, host: '127.0.0.1', logger: false }));
  const keyStore = startKeyStore(kms); // its JVM starts while the other steps run
  let ran = 0;
  let failed = 0;
  const files = new Set<string>();
  const eventsShown = new Map<string, number>();
  try {
    write(bold('lambda-data-masking: a tour of the samples'));
    write(dim(`Every sample runs for real; encryption goes through the AWS Encryption SDK to LocalKms, an offline KMS at ${kms.endpoint}.`));
    let number = 0;
    for (const section of buildSections(settings, secondKeyArn, app, keyStore.settings, kms)) {
      write();
      write(bold(yellow(`== ${section.title} ==`)));
      for (const step of section.steps) {
        number++;
        write();
        write(`${bold(cyan(`${number}. ${step.title}`))} ${dim(`(samples/${step.file})`)}`);
        files.add(step.file);
        try {
          let input: unknown;
          if (step.event !== undefined) {
            input = event(step.event);
            const shownIn = eventsShown.get(step.event);
            if (shownIn === undefined) {
              eventsShown.set(step.event, number);
              show('input', input);
            } else {
              show('input', `samples/events/${step.event}, as in step ${shownIn}`, true);
            }
          } else {
            input = await step.input?.();
            if (typeof input === 'string') show('request', input, true);
            else show('input', input);
          }
          const before = kms.calls;
          const output = await step.run(input);
          const calls = describeCalls(kms.calls, before);
          if (output instanceof ExpectedFailure) show('throws', red(`${output.error.name}: ${output.error.message}`), true);
          else show('output', output);
          if (step.note !== undefined) show('note', step.note(output, calls), true);
          ran++;
        } catch (error) {
          failed++;
          write(red(`FAILED: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`));
        }
      }
    }
  } finally {
    if (nest !== undefined) await (await nest).close();
    await keyStore.stop();
    await kms.stop();
  }
  const total = ran + failed;
  write();
  const summary =
    `${ran} of ${total} steps ran (${files.size} sample files) in ${process.uptime().toFixed(1)} s${failed > 0 ? `, ${failed} failed` : ''}; ` +
    `KMS calls (${describeCalls(kms.calls)}) answered by LocalKms on 127.0.0.1, no AWS account used`;
  write(failed > 0 ? red(bold(summary)) : green(bold(summary)));
  return failed > 0 ? 1 : 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
