/**
 * Hardening — fault matrix of the hierarchical keyring: KMS faults (LocalKms) and DynamoDB
 * faults (a missing table, a refused connection, and throttling / 500 answered by a fault proxy
 * in front of DynamoDB Local) against encrypt and decrypt with a cold branch key cache. Each
 * cell: the typed library error, the AWS exception kept as `cause`, no plaintext in the error,
 * and the next call after the fault is cleared round-trips.
 */
import { createServer, request, type Server } from 'node:http';
import { DataMasking, DataMaskingDecryptKeyError, DataMaskingEncryptKeyError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, createBranchKey, type BranchKeyStoreOptions } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { inspect } from 'node:util';
import { dynamoDbClientConfig, dynamoDbEndpoint, newKeyStore } from '../support/dynamodb';

const SECRET = 'CANARY-hierarchical-9f3e';
const context = { tenant_id: 'tenant-f' };
const FAST = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };

let kms: LocalKms;
let endpoint: string;
let store: BranchKeyStoreOptions;
let proxy: Server;
let proxyEndpoint: string;
/** What the fault proxy answers instead of forwarding: `undefined` forwards. */
let ddbFault: { status: number; type: string } | undefined;

beforeAll(async () => {
  kms = await LocalKms.start();
  endpoint = await dynamoDbEndpoint();
  store = await newKeyStore(kms, endpoint, 1);
  await createBranchKey({ ...store, branchKeyId: 'tenant-f' });
  proxy = createServer((req, res) => {
    if (ddbFault !== undefined) {
      req.resume();
      res.writeHead(ddbFault.status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${ddbFault.type}`, message: 'injected' }));
      return;
    }
    const upstream = request(`${endpoint}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  proxyEndpoint = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}, 200_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await kms?.stop();
});

/** A fresh provider (cold branch key cache), through the fault proxy, no retries. */
const masker = (over: Partial<BranchKeyStoreOptions> = {}): DataMasking =>
  new DataMasking({
    provider: new AWSEncryptionSDKProvider({
      hierarchical: { ...store, dynamoDbClientConfig: dynamoDbClientConfig(proxyEndpoint, 1), ...over, branchKeyIdFromContext: 'tenant_id' },
    }),
  });

const rejectionOf = async (promise: Promise<unknown>): Promise<any> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

interface Fault {
  readonly name: string;
  readonly cause: string | undefined;
  readonly inject: () => void;
  readonly clear: () => void;
  readonly over?: () => Partial<BranchKeyStoreOptions>;
}

const kmsFault = (name: string, type: 'throttle' | 'internal' | 'unavailable', cause: string): Fault => ({
  name: `KMS ${name}`,
  cause,
  inject: () => void kms.injectFault({ operation: 'Decrypt', type }),
  clear: () => kms.clearFaults(),
});

const ddbAnswer = (name: string, status: number, type: string): Fault => ({
  name: `DynamoDB ${name}`,
  cause: type,
  inject: () => {
    ddbFault = { status, type };
  },
  clear: () => {
    ddbFault = undefined;
  },
});

const FAULTS: readonly Fault[] = [
  kmsFault('throttling', 'throttle', 'ThrottlingException'),
  kmsFault('HTTP 500', 'internal', 'KMSInternalException'),
  kmsFault('HTTP 503', 'unavailable', 'ServiceUnavailableException'),
  { name: 'KMS access denied', cause: 'AccessDeniedException', inject: () => kms.denyAccess(store.kmsKeyArn, ['Decrypt']), clear: () => kms.allowAccess(store.kmsKeyArn) },
  { name: 'KMS disabled key', cause: 'DisabledException', inject: () => kms.setKeyState(store.kmsKeyArn, 'Disabled'), clear: () => kms.setKeyState(store.kmsKeyArn, 'Enabled') },
  ddbAnswer('throttling', 400, 'ProvisionedThroughputExceededException'),
  ddbAnswer('HTTP 500', 500, 'InternalServerError'),
  ddbAnswer('missing table', 400, 'ResourceNotFoundException'),
  { name: 'DynamoDB connection refused', cause: undefined, inject: () => undefined, clear: () => undefined, over: () => ({ dynamoDbClientConfig: dynamoDbClientConfig('http://127.0.0.1:9', 1) }) },
];

describe.each(FAULTS)('$name', (fault) => {
  it('encrypt: typed key error, AWS cause, no plaintext; the next call succeeds', async () => {
    fault.inject();
    let error: any;
    try {
      error = await rejectionOf(masker(fault.over?.()).encrypt({ ssn: SECRET }, { context, providerOptions: FAST }));
    } finally {
      fault.clear();
    }
    expect(error).toBeInstanceOf(DataMaskingEncryptKeyError);
    if (fault.cause !== undefined) expect(error.cause?.name).toBe(fault.cause);
    expect(inspect(error, { depth: 5 })).not.toContain(SECRET);
    const m = masker();
    const ciphertext = await m.encrypt({ ssn: SECRET }, { context, providerOptions: FAST });
    expect(await m.decrypt(ciphertext, { context })).toEqual({ ssn: SECRET });
  });

  it('decrypt: typed key error, AWS cause, no plaintext; the next call succeeds', async () => {
    const ciphertext = await masker().encrypt({ ssn: SECRET }, { context, providerOptions: FAST });
    fault.inject();
    let error: any;
    try {
      error = await rejectionOf(masker(fault.over?.()).decrypt(ciphertext, { context }));
    } finally {
      fault.clear();
    }
    expect(error).toBeInstanceOf(DataMaskingDecryptKeyError);
    if (fault.cause !== undefined) expect(error.cause?.name).toBe(fault.cause);
    expect(inspect(error, { depth: 5 })).not.toContain(SECRET);
    expect(await masker().decrypt(ciphertext, { context })).toEqual({ ssn: SECRET });
  });
});
