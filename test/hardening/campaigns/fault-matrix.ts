/**
 * Fault matrix: every KMS fault LocalKms can produce (and a client-side timeout and a key KMS
 * does not know) against whole-payload encrypt and decrypt and field-level encrypt and decrypt.
 * For each cell: the typed library error, the KMS exception kept as `cause`, no partial output
 * (the call rejects; the input document is untouched), no canary in anything the error exposes,
 * and the NEXT call on the same masker after the fault is cleared succeeds and round-trips.
 * Decrypt cells use a fresh provider (cold data-key cache) so KMS is really called.
 */
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { isDeepStrictEqual } from 'node:util';
import { DataMasking, DataMaskingDecryptKeyError, DataMaskingEncryptKeyError, DataMaskingError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import type { SecretsLedger } from '../support/canary';
import type { Json } from '../support/payloads';
import { errorClassName, settleWithin } from '../support/runtime';

export const OPERATIONS = ['encrypt whole payload', 'decrypt whole payload', 'encrypt fields', 'decrypt fields'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The world one cell runs in: two LocalKms (the key lives on `home`) and the route of the client. */
interface Stage {
  readonly primary: LocalKms;
  readonly secondary: LocalKms;
  /** Where the provider's KMS client sends its requests, switchable mid-test. */
  readonly route: { current: string };
  readonly home: LocalKms;
  readonly keyArn: string;
}

export interface FaultCase {
  readonly name: string;
  /** `cause.name` expected for a typed KMS exception; `undefined`: any Error (a socket error). */
  readonly cause: string | undefined;
  /** Where the key lives: on the KMS the client talks to, or on another one (not found). */
  readonly keyOn?: 'primary' | 'secondary';
  /** Extra client configuration (retries are always off: maxAttempts 1). */
  readonly client?: Partial<KMSClientConfig>;
  readonly inject: (stage: Stage) => void;
  readonly clear: (stage: Stage) => void;
}

const clearFaults = ({ primary }: Stage): void => primary.clearFaults();

export const FAULT_CASES: readonly FaultCase[] = [
  {
    name: 'throttling (400 ThrottlingException)',
    cause: 'ThrottlingException',
    inject: ({ primary }) => void primary.injectFault({ type: 'throttle' }),
    clear: clearFaults,
  },
  {
    name: 'HTTP 500 (KMSInternalException)',
    cause: 'KMSInternalException',
    inject: ({ primary }) => void primary.injectFault({ type: 'internal' }),
    clear: clearFaults,
  },
  {
    name: 'HTTP 503 (ServiceUnavailableException)',
    cause: 'ServiceUnavailableException',
    inject: ({ primary }) => void primary.injectFault({ type: 'unavailable' }),
    clear: clearFaults,
  },
  {
    name: 'timeout (3 s latency, 400 ms requestTimeout)',
    cause: 'TimeoutError',
    client: { requestHandler: { requestTimeout: 400, throwOnRequestTimeout: true } } as Partial<KMSClientConfig>,
    inject: ({ primary }) => void primary.injectFault({ type: 'latency', latencyMs: 3000 }),
    clear: clearFaults,
  },
  { name: 'dropped connection', cause: undefined, inject: ({ primary }) => void primary.injectFault({ type: 'drop' }), clear: clearFaults },
  {
    name: 'access denied',
    cause: 'AccessDeniedException',
    inject: ({ primary, keyArn }) => primary.denyAccess(keyArn),
    clear: ({ primary, keyArn }) => primary.allowAccess(keyArn),
  },
  {
    name: 'disabled key',
    cause: 'DisabledException',
    inject: ({ primary, keyArn }) => primary.setKeyState(keyArn, 'Disabled'),
    clear: ({ primary, keyArn }) => primary.setKeyState(keyArn, 'Enabled'),
  },
  {
    name: 'key pending deletion',
    cause: 'KMSInvalidStateException',
    inject: ({ primary, keyArn }) => primary.setKeyState(keyArn, 'PendingDeletion'),
    clear: ({ primary, keyArn }) => primary.setKeyState(keyArn, 'Enabled'),
  },
  {
    name: 'key not found (an ARN this KMS does not know)',
    cause: 'NotFoundException',
    keyOn: 'secondary',
    inject: ({ primary, route }) => {
      route.current = primary.endpoint;
    },
    clear: ({ secondary, route }) => {
      route.current = secondary.endpoint;
    },
  },
];

export interface FaultCell {
  readonly fault: string;
  readonly operation: Operation;
  readonly expectedError: string;
  readonly expectedCause: string;
  readonly error: string;
  readonly cause: string;
  /** Requests (KMS, DynamoDB) made while the fault was on (> 0: the fault was really exercised); `undefined`: not countable. */
  readonly requestsDuringFault: number | undefined;
  readonly inputUnchanged: boolean;
  readonly canaryLeaks: number;
  readonly recovered: boolean;
  readonly durationMs: number;
  readonly problems: readonly string[];
  readonly pass: boolean;
}

const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };
const FIELDS = ['ssn', 'email', 'cards[*].number'];
const CONTEXT = { tenant_id: 'tenant-faults' };

const documentFor = (ledger: SecretsLedger): Record<string, Json> => ({
  id: 'fault-doc',
  ssn: ledger.canaries.next(),
  email: `${ledger.canaries.next()}@example.com`,
  cards: [{ number: ledger.canaries.next() }, { number: ledger.canaries.next() }],
  note: 'not encrypted',
});

const isEncrypt = (operation: Operation): boolean => operation.startsWith('encrypt');
const isFields = (operation: Operation): boolean => operation.endsWith('fields');

/**
 * One cell, whatever the keying: `masker()` builds a fresh masker (cold caches, no retries),
 * `requests()` counts the requests the fault can meet (KMS, DynamoDB; `undefined` when they
 * cannot be counted, e.g. a refused connection).
 */
export interface CellSpec {
  readonly fault: string;
  readonly cause: string | undefined;
  readonly operation: Operation;
  readonly masker: () => DataMasking;
  readonly inject: () => void;
  readonly clear: () => void;
  readonly requests: (() => number) | undefined;
}

/** Runs one cell: the faulted call, its error, the input, the leaks, and the next call. */
export const checkFaultCell = async (spec: CellSpec, ledger: SecretsLedger): Promise<FaultCell> => {
  const { operation } = spec;
  const started = performance.now();
  const problems: string[] = [];
  const plain = documentFor(ledger);
  const wholeValue: Json = { secret: ledger.canaries.next(), n: -1.5, list: [ledger.canaries.next()] };

  // Ciphertexts to decrypt are made beforehand, healthy, by another provider.
  const maker = spec.masker();
  const wholeCiphertext = await maker.encrypt(wholeValue, { context: CONTEXT, providerOptions: UNSIGNED });
  const fieldCiphertexts = (await maker.encrypt(plain, { fields: FIELDS, context: CONTEXT, providerOptions: UNSIGNED })) as Record<string, Json>;

  const subject = spec.masker(); // cold cache: the faulted call must reach KMS
  const input: Json = isEncrypt(operation) ? (isFields(operation) ? plain : wholeValue) : isFields(operation) ? fieldCiphertexts : wholeCiphertext;
  const before = JSON.stringify(input);
  const run = (): Promise<unknown> => {
    switch (operation) {
      case 'encrypt whole payload':
        return subject.encrypt(input, { context: CONTEXT, providerOptions: UNSIGNED });
      case 'decrypt whole payload':
        return subject.decrypt(input as string, { context: CONTEXT });
      case 'encrypt fields':
        return subject.encrypt(input, { fields: FIELDS, context: CONTEXT, providerOptions: UNSIGNED });
      case 'decrypt fields':
        return subject.decrypt(input, { fields: FIELDS, context: CONTEXT });
    }
  };

  const requestsBefore = spec.requests?.() ?? 0;
  spec.inject();
  let outcome: Awaited<ReturnType<typeof settleWithin<unknown>>>;
  try {
    outcome = await settleWithin(run(), 20_000);
  } finally {
    spec.clear();
  }
  const requestsDuringFault = spec.requests === undefined ? undefined : spec.requests() - requestsBefore;
  const ExpectedError = isEncrypt(operation) ? DataMaskingEncryptKeyError : DataMaskingDecryptKeyError;
  let errorName = '-';
  let causeName = '-';
  let canaryLeaks = 0;
  if (outcome.status !== 'rejected') {
    problems.push(outcome.status === 'hung' ? 'the faulted call never settled' : 'the faulted call returned output');
  } else {
    const error = outcome.reason;
    errorName = errorClassName(error);
    canaryLeaks = ledger.recordError(error, `${spec.fault} / ${operation}`).length;
    if (canaryLeaks > 0) problems.push(`a canary leaked in the error (${canaryLeaks} places)`);
    if (!(error instanceof ExpectedError)) problems.push(`expected ${ExpectedError.name}, got ${errorName}`);
    if (!(error instanceof DataMaskingError)) problems.push('untyped error');
    const cause = (error as { cause?: unknown }).cause;
    causeName = cause instanceof Error ? cause.name : cause === undefined ? '(none)' : typeof cause;
    if (spec.cause !== undefined && causeName !== spec.cause) problems.push(`expected cause ${spec.cause}, got ${causeName}`);
    if (spec.cause === undefined && !(cause instanceof Error)) problems.push(`expected an Error as cause, got ${causeName}`);
  }
  const inputUnchanged = JSON.stringify(input) === before;
  if (!inputUnchanged) problems.push('the input was modified');
  if (requestsDuringFault === 0) problems.push('no request met the fault: it was not exercised');

  // The next call, on the same masker, once the fault is cleared.
  let recovered = false;
  const next = await settleWithin(run(), 20_000);
  if (next.status === 'fulfilled') {
    const expected = isFields(operation) ? plain : wholeValue;
    const back = isEncrypt(operation)
      ? isFields(operation)
        ? await maker.decrypt(next.value, { fields: FIELDS, context: CONTEXT })
        : await maker.decrypt(next.value as string, { context: CONTEXT })
      : next.value;
    recovered = isDeepStrictEqual(back, expected);
    if (!recovered) problems.push('the call after the fault returned a wrong value');
  } else {
    problems.push(
      next.status === 'hung'
        ? 'the call after the fault never settled'
        : `the call after the fault failed: ${errorClassName(next.reason)} (${(next.reason as { cause?: { name?: string } })?.cause?.name ?? '-'})`,
    );
    if (next.status === 'rejected') ledger.recordError(next.reason, `${spec.fault} / ${operation} / after`);
  }
  return {
    fault: spec.fault,
    operation,
    expectedError: ExpectedError.name,
    expectedCause: spec.cause ?? 'an Error (socket)',
    error: errorName,
    cause: causeName,
    requestsDuringFault,
    inputUnchanged,
    canaryLeaks,
    recovered,
    durationMs: performance.now() - started,
    problems,
    pass: problems.length === 0,
  };
};

/** Runs one cell of the KMS-keyring matrix. */
export const runFaultCell = async (
  fault: FaultCase,
  operation: Operation,
  stage: Omit<Stage, 'home' | 'keyArn'>,
  ledger: SecretsLedger,
): Promise<FaultCell> => {
  const home = fault.keyOn === 'secondary' ? stage.secondary : stage.primary;
  const keyArn = home.createKey().arn;
  stage.route.current = home.endpoint;
  const fullStage: Stage = { ...stage, home, keyArn };
  const masker = (): DataMasking =>
    new DataMasking({
      provider: new AWSEncryptionSDKProvider({
        keys: [keyArn],
        kmsClientConfig: {
          ...stage.primary.clientConfig(),
          endpoint: (async () => ({ url: new URL(stage.route.current) })) as unknown as KMSClientConfig['endpoint'],
          maxAttempts: 1,
          ...fault.client,
        },
      }),
      throwOnMissingField: true,
      logger: ledger.logger,
    });
  return checkFaultCell(
    {
      fault: fault.name,
      cause: fault.cause,
      operation,
      masker,
      inject: () => fault.inject(fullStage),
      clear: () => fault.clear(fullStage),
      requests: () => stage.primary.callCount(),
    },
    ledger,
  );
};

/** Runs the whole matrix, cell after cell (faults are global to a LocalKms). */
export const runFaultMatrix = async (ledger: SecretsLedger): Promise<FaultCell[]> => {
  const primary = await LocalKms.start();
  const secondary = await LocalKms.start();
  const stage = { primary, secondary, route: { current: primary.endpoint } };
  const cells: FaultCell[] = [];
  try {
    for (const fault of FAULT_CASES) {
      for (const operation of OPERATIONS) cells.push(await runFaultCell(fault, operation, stage, ledger));
    }
  } finally {
    await primary.stop();
    await secondary.stop();
  }
  return cells;
};

export interface TransientCell {
  readonly fault: string;
  readonly operation: Operation;
  readonly succeeded: boolean;
  readonly kmsRequests: number;
  readonly problems: readonly string[];
}

/**
 * The other side of the matrix: a fault that lasts one request is absorbed by the AWS SDK's
 * retries (maxAttempts 3): the call succeeds, and KMS saw the failed request and the retry.
 */
export const runTransientFaults = async (ledger: SecretsLedger): Promise<TransientCell[]> => {
  const kms = await LocalKms.start();
  const cells: TransientCell[] = [];
  try {
    for (const type of ['throttle', 'internal', 'unavailable', 'drop'] as const) {
      for (const operation of ['encrypt whole payload', 'decrypt whole payload'] as const) {
        const keyArn = kms.createKey().arn;
        const make = (): DataMasking =>
          new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: { ...kms.clientConfig(), maxAttempts: 3 } }) });
        const value = { secret: ledger.canaries.next() };
        const ciphertext = await make().encrypt(value, { context: CONTEXT, providerOptions: UNSIGNED });
        const subject = make();
        kms.resetCounters();
        const handle = kms.injectFault({ type, times: 1 });
        const outcome = await settleWithin(
          operation === 'encrypt whole payload'
            ? subject.encrypt(value, { context: CONTEXT, providerOptions: UNSIGNED }).then((text) => subject.decrypt(text, { context: CONTEXT }))
            : subject.decrypt(ciphertext, { context: CONTEXT }),
          20_000,
        );
        kms.clearFaults();
        const problems: string[] = [];
        if (outcome.status !== 'fulfilled') {
          problems.push(outcome.status === 'hung' ? 'never settled' : `failed: ${errorClassName(outcome.reason)}`);
          if (outcome.status === 'rejected') ledger.recordError(outcome.reason, `transient ${type}`);
        } else if (!isDeepStrictEqual(outcome.value, value)) problems.push('wrong value');
        if (handle.triggered !== 1) problems.push(`the fault fired ${handle.triggered} times`);
        cells.push({ fault: `${type} once`, operation, succeeded: problems.length === 0, kmsRequests: kms.callCount(), problems });
      }
    }
  } finally {
    await kms.stop();
  }
  return cells;
};
