/**
 * Fault matrix, hierarchical keyring rows: KMS faults on the branch key's unwrap (LocalKms) and
 * DynamoDB faults on its read (throttling, 500 and a missing table answered by a fault proxy in
 * front of DynamoDB Local, a dropped connection, a refused one), against the same four
 * operations and the same checks as the KMS-keyring rows (`checkFaultCell`). Every masker is
 * fresh, so its branch key cache is cold and the faulted call really reads and unwraps.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider, createBranchKey, createBranchKeyStoreTable, type BranchKeyStoreOptions } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import type { SecretsLedger } from '../support/canary';
import { checkFaultCell, OPERATIONS, type FaultCell, type Operation } from './fault-matrix';

/** The world of the hierarchical rows: one LocalKms, a key store behind a fault proxy. */
export interface HierarchicalStage {
  readonly kms: LocalKms;
  readonly store: BranchKeyStoreOptions;
  /** What the proxy does instead of forwarding: answer an error, or drop the connection. */
  fault: { status: number; type: string } | 'drop' | undefined;
  /** Where the DynamoDB client sends its requests (the proxy, or a closed port), switchable. */
  route: string;
  readonly proxyEndpoint: string;
  /** Requests that reached the proxy. */
  proxied: number;
  readonly stop: () => Promise<void>;
}

export interface HierarchicalFaultCase {
  readonly name: string;
  /** `cause.name` expected; `undefined`: any Error (a socket error). */
  readonly cause: string | undefined;
  /** `false` when no request can be counted (a refused connection never arrives). */
  readonly countable: boolean;
  readonly inject: (stage: HierarchicalStage) => void;
  readonly clear: (stage: HierarchicalStage) => void;
}

const BRANCH_KEY = 'tenant-faults'; // the tenant_id of the matrix's encryption context

const kmsFault = (name: string, type: 'throttle' | 'internal' | 'unavailable', cause: string): HierarchicalFaultCase => ({
  name: `hierarchical: KMS ${name}`,
  cause,
  countable: true,
  inject: ({ kms }) => void kms.injectFault({ operation: 'Decrypt', type }),
  clear: ({ kms }) => kms.clearFaults(),
});

const ddbAnswer = (name: string, status: number, type: string): HierarchicalFaultCase => ({
  name: `hierarchical: DynamoDB ${name}`,
  cause: type,
  countable: true,
  inject: (stage) => {
    stage.fault = { status, type };
  },
  clear: (stage) => {
    stage.fault = undefined;
  },
});

export const HIERARCHICAL_FAULT_CASES: readonly HierarchicalFaultCase[] = [
  kmsFault('throttling (branch key unwrap)', 'throttle', 'ThrottlingException'),
  kmsFault('HTTP 500 (branch key unwrap)', 'internal', 'KMSInternalException'),
  kmsFault('HTTP 503 (branch key unwrap)', 'unavailable', 'ServiceUnavailableException'),
  {
    name: 'hierarchical: KMS access denied',
    cause: 'AccessDeniedException',
    countable: true,
    inject: ({ kms, store }) => kms.denyAccess(store.kmsKeyArn, ['Decrypt']),
    clear: ({ kms, store }) => kms.allowAccess(store.kmsKeyArn),
  },
  {
    name: 'hierarchical: KMS disabled key',
    cause: 'DisabledException',
    countable: true,
    inject: ({ kms, store }) => kms.setKeyState(store.kmsKeyArn, 'Disabled'),
    clear: ({ kms, store }) => kms.setKeyState(store.kmsKeyArn, 'Enabled'),
  },
  ddbAnswer('throttling (ProvisionedThroughputExceeded)', 400, 'ProvisionedThroughputExceededException'),
  ddbAnswer('HTTP 500', 500, 'InternalServerError'),
  ddbAnswer('missing table', 400, 'ResourceNotFoundException'),
  {
    name: 'hierarchical: DynamoDB dropped connection',
    cause: undefined,
    countable: true,
    inject: (stage) => {
      stage.fault = 'drop';
    },
    clear: (stage) => {
      stage.fault = undefined;
    },
  },
  {
    name: 'hierarchical: DynamoDB connection refused',
    cause: undefined,
    countable: false,
    inject: (stage) => {
      stage.route = 'http://127.0.0.1:9';
    },
    clear: (stage) => {
      stage.route = stage.proxyEndpoint;
    },
  },
];

const DUMMY_CREDENTIALS = { accessKeyId: 'LOCALDDBACCESSKEYID', secretAccessKey: 'local-dynamodb-dummy-secret' };

/** A LocalKms, a key store table on DynamoDB Local with the matrix's branch key, and the fault proxy. */
export const startHierarchicalStage = async (dynamoDbEndpoint: string): Promise<HierarchicalStage> => {
  const kms = await LocalKms.start();
  let stage!: HierarchicalStage;
  const proxy: Server = createServer((req, res) => {
    stage.proxied++;
    const fault = stage.fault;
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault !== undefined) {
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`, message: 'injected' }));
      return;
    }
    const upstream = request(`${dynamoDbEndpoint}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  const proxyEndpoint = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const dynamoDbClientConfig: DynamoDBClientConfig = {
    region: kms.region,
    credentials: DUMMY_CREDENTIALS,
    maxAttempts: 1,
    endpoint: (async () => ({ url: new URL(stage.route) })) as unknown as DynamoDBClientConfig['endpoint'],
  };
  const store: BranchKeyStoreOptions = {
    keyStoreTableName: `fault-matrix-${randomUUID().slice(0, 8)}`,
    kmsKeyArn: kms.createKey().arn,
    kmsClientConfig: { ...kms.clientConfig(), maxAttempts: 1 },
    dynamoDbClientConfig,
  };
  stage = {
    kms,
    store,
    fault: undefined,
    route: proxyEndpoint,
    proxyEndpoint,
    proxied: 0,
    stop: async () => {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await kms.stop();
    },
  };
  await createBranchKeyStoreTable(store);
  await createBranchKey({ ...store, branchKeyId: BRANCH_KEY });
  return stage;
};

/** Runs one hierarchical cell with the checks of every other cell of the matrix. */
export const runHierarchicalFaultCell = (
  fault: HierarchicalFaultCase,
  operation: Operation,
  stage: HierarchicalStage,
  ledger: SecretsLedger,
): Promise<FaultCell> =>
  checkFaultCell(
    {
      fault: fault.name,
      cause: fault.cause,
      operation,
      masker: () =>
        new DataMasking({
          provider: new AWSEncryptionSDKProvider({ hierarchical: { ...stage.store, branchKeyIdFromContext: 'tenant_id' } }),
          throwOnMissingField: true,
          logger: ledger.logger,
        }),
      inject: () => fault.inject(stage),
      clear: () => fault.clear(stage),
      requests: fault.countable ? () => stage.kms.callCount() + stage.proxied : undefined,
    },
    ledger,
  );

/** The hierarchical rows, cell after cell (faults are global to the stage). */
export const runHierarchicalFaultMatrix = async (dynamoDbEndpoint: string, ledger: SecretsLedger): Promise<FaultCell[]> => {
  const stage = await startHierarchicalStage(dynamoDbEndpoint);
  const cells: FaultCell[] = [];
  try {
    for (const fault of HIERARCHICAL_FAULT_CASES) {
      for (const operation of OPERATIONS) cells.push(await runHierarchicalFaultCell(fault, operation, stage, ledger));
    }
  } finally {
    await stage.stop();
  }
  return cells;
};
