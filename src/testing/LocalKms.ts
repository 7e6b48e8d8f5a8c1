// Its declarations use Node's types: consumers need @types/node, whatever their `types` option says.
/// <reference types="node" preserve="true" />
/**
 * LocalKms: an offline AWS KMS for tests.
 *
 * No KMS emulator exists on npm or apt (nsmithuk/local-kms is a Go program shipped as a Docker
 * image, LocalStack needs Docker and Python; npm's `*kms-local` packages are unrelated DID key
 * managers), hence this one, written by hand. It speaks the real AWS JSON 1.1 wire protocol over
 * HTTP on 127.0.0.1, so the real `@aws-sdk/client-kms` and the AWS Encryption SDK's
 * `KmsKeyringNode` run against it unmodified. It never logs, and never puts plaintext or
 * encryption-context values in an error message.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultRegistry, type FaultHandle, type FaultSpec } from './faults';
import { KeyStore } from './key-store';
import { runOperation } from './operations';
import { KMS_OPERATIONS, type CreateKeyOptions, type KeyState, type KmsOperation, type LocalKmsKey } from './types';
import { KMS_TARGET_PREFIX, KmsWireError, newRequestId, parseJsonObject, readBody, sendError, sendJson, serializationError } from './wire';

/** Options of {@link LocalKms.start}. */
export interface LocalKmsOptions {
  /** The region in every ARN, and the one {@link LocalKms.clientConfig} names. Default `'us-east-1'`. */
  region?: string;
  /** The 12-digit account in every ARN. Default `'111122223333'`. */
  accountId?: string;
  /** The port to listen on, on 127.0.0.1. Default `0`: an ephemeral port. */
  port?: number;
}

/**
 * A configuration for `new KMSClient(...)` / `new KMS(...)` from `@aws-sdk/client-kms` that
 * points at a {@link LocalKms}: its endpoint, its region and dummy credentials.
 */
export interface LocalKmsClientConfig {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** The LocalKms region. */
  region: string;
  /** Dummy credentials: requests are signed by the SDK, LocalKms does not check signatures. */
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Requests received, per operation name (the `X-Amz-Target` suffix). The six implemented
 * operations are always present (0 when never called); any other name appears once received.
 */
export type KmsCallCounts = Readonly<Record<KmsOperation, number>> & Readonly<Record<string, number>>;

const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT = '111122223333';
const JSON_CONTENT_TYPES = ['application/x-amz-json-1.1', 'application/x-amz-json-1.0'];
/** The counter of requests without an `X-Amz-Target` header. */
const NO_TARGET = '(none)';

interface PendingDelay {
  timer: NodeJS.Timeout;
  resolve: () => void;
}

/**
 * An offline AWS KMS for tests: keys, aliases, key states, access denials, fault injection
 * and per-operation call counters, served over the real KMS wire protocol (AWS JSON 1.1) on
 * 127.0.0.1, so `@aws-sdk/client-kms` and the AWS Encryption SDK work against it unmodified.
 *
 * Implements `GenerateDataKey`, `GenerateDataKeyWithoutPlaintext`, `Encrypt`, `Decrypt`,
 * `ReEncrypt` (the branch key store of the hierarchical keyring calls it) and `DescribeKey`;
 * errors arrive as the SDK's typed exceptions (`NotFoundException`,
 * `InvalidCiphertextException`, `DisabledException`, ...). Ciphertext blobs are bound to their
 * key and to the encryption context, and only this instance can open them.
 *
 * @example
 * ```ts
 * import { KMSClient, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
 * import { LocalKms } from 'lambda-data-masking/testing';
 *
 * process.env.AWS_EC2_METADATA_DISABLED = 'true';
 * let kms: LocalKms;
 * let keyArn: string;
 *
 * beforeAll(async () => {
 *   kms = await LocalKms.start();
 *   keyArn = kms.createKey({ alias: 'alias/test' }).arn;
 * });
 * afterAll(() => kms.stop());
 *
 * test('a data key', async () => {
 *   const client = new KMSClient(kms.clientConfig());
 *   const out = await client.send(new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256' }));
 *   expect(out.KeyId).toBe(keyArn);
 *   expect(kms.calls.GenerateDataKey).toBe(1);
 *   client.destroy();
 * });
 *
 * // With this library: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig() })
 * // Faults: kms.injectFault({ operation: 'Decrypt', type: 'throttle', times: 1 });
 * ```
 */
export class LocalKms {
  /** The region in every ARN. */
  public readonly region: string;
  /** The account in every ARN. */
  public readonly accountId: string;
  /** The base URL, `http://127.0.0.1:<port>`. */
  public readonly endpoint: string;

  private readonly server: Server;
  private readonly store: KeyStore;
  private readonly faults = new FaultRegistry();
  private readonly counts = new Map<string, number>();
  private readonly delays = new Set<PendingDelay>();
  private stopping: Promise<void> | undefined;

  private constructor(server: Server, region: string, accountId: string) {
    this.server = server;
    this.region = region;
    this.accountId = accountId;
    this.store = new KeyStore(region, accountId);
    const { port } = server.address() as AddressInfo;
    this.endpoint = `http://127.0.0.1:${port}`;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(() => {
        // Never reached in practice: handle() answers every error itself.
        res.destroy();
      });
    });
  }

  /**
   * Starts a LocalKms listening on 127.0.0.1 (an ephemeral port unless `port` is given).
   * Call {@link LocalKms.stop} when done (e.g. in `afterAll`).
   */
  public static async start(options: LocalKmsOptions = {}): Promise<LocalKms> {
    const region = options.region ?? DEFAULT_REGION;
    const accountId = options.accountId ?? DEFAULT_ACCOUNT;
    if (!/^[a-z0-9-]{1,64}$/.test(region)) throw new TypeError(`LocalKms: '${region}' is not a region name`);
    if (!/^\d{12}$/.test(accountId)) throw new TypeError('LocalKms: accountId must be 12 digits');
    const server = createServer();
    // Idle keep-alive connections stay open until the client closes them (or stop()). With
    // Node's default (closed after 5 s idle), an event loop stalled past that deadline (tests
    // on a loaded machine) sent a request out on a socket this server closed in the same turn:
    // `ECONNRESET` / `socket hang up` on calls that KMS would have answered.
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new LocalKms(server, region, accountId);
  }

  /**
   * Creates a symmetric encryption key (`SYMMETRIC_DEFAULT`, enabled) with a fresh random
   * secret, and its alias when given. Throws when the alias is invalid or taken.
   * @returns the key id, key ARN and, with an alias, the alias name and alias ARN.
   */
  public createKey(options: CreateKeyOptions = {}): LocalKmsKey {
    return this.store.create(options);
  }

  /**
   * Sets a key's state. `key` is any identifier: key id, key ARN, alias name or alias ARN.
   * `Disabled` makes cryptographic operations fail with `DisabledException`; `PendingDeletion`
   * with `KMSInvalidStateException`; `Enabled` restores them. Throws for an unknown key.
   */
  public setKeyState(key: string, state: KeyState): void {
    if (state !== 'Enabled' && state !== 'Disabled' && state !== 'PendingDeletion') {
      throw new TypeError(`LocalKms: unknown key state '${String(state)}'`);
    }
    this.store.setState(key, state);
  }

  /**
   * Denies operations on a key (default: every operation) with `AccessDeniedException`, as an
   * IAM or key policy would. Repeated calls add to the denied set. Throws for an unknown key.
   */
  public denyAccess(key: string, operations?: readonly KmsOperation[]): void {
    this.store.deny(key, operations);
  }

  /** Lifts every denial on a key. Throws for an unknown key. */
  public allowAccess(key: string): void {
    this.store.allow(key);
  }

  /**
   * Injects a fault for the requests of one operation (or all): throttling, a 500 or 503
   * answer, a dropped connection, or latency, `times` times (default: until cleared).
   * Every matching `latency` fault adds its delay; of the failing faults, the first injected
   * that matches fires.
   * @returns a handle that tells how often the fault fired and removes it with `clear()`.
   */
  public injectFault(fault: FaultSpec): FaultHandle {
    return this.faults.add(fault);
  }

  /** Removes every injected fault. */
  public clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Requests received per operation, a snapshot. Every request counts, failed, faulted and
   * dropped ones included (an SDK retry is a second request). Requests with an unknown
   * target count under the target's operation name, those without one under `'(none)'`.
   */
  public get calls(): KmsCallCounts {
    const snapshot: Record<string, number> = {};
    for (const operation of KMS_OPERATIONS) snapshot[operation] = 0;
    for (const [operation, count] of this.counts) snapshot[operation] = count;
    return Object.freeze(snapshot) as KmsCallCounts;
  }

  /** Requests received for `operation`, or for all operations when omitted. */
  public callCount(operation?: KmsOperation | string): number {
    if (operation === undefined) {
      let total = 0;
      for (const count of this.counts.values()) total += count;
      return total;
    }
    return this.counts.get(operation) ?? 0;
  }

  /** Sets every call counter back to 0. */
  public resetCounters(): void {
    this.counts.clear();
  }

  /**
   * A client configuration for this LocalKms: `new KMSClient(kms.clientConfig())`, or
   * `new KMS(kms.clientConfig())` for the AWS Encryption SDK's `clientProvider`.
   * Spread it to add options: `{ ...kms.clientConfig(), maxAttempts: 1 }`.
   */
  public clientConfig(): LocalKmsClientConfig {
    return {
      endpoint: this.endpoint,
      region: this.region,
      credentials: { accessKeyId: 'LOCALKMSACCESSKEYID', secretAccessKey: 'local-kms-dummy-secret' },
    };
  }

  /**
   * Stops listening and destroys every open connection (keep-alive ones included) and pending
   * latency timer, so nothing keeps the process alive. Idempotent.
   */
  public stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      this.faults.clear();
      for (const delay of this.delays) {
        clearTimeout(delay.timer);
        delay.resolve();
      }
      this.delays.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.stopping;
  }

  /** Same as {@link LocalKms.stop}: `await using kms = await LocalKms.start()`. */
  public [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  private count(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const delay: PendingDelay = {
        timer: setTimeout(() => {
          this.delays.delete(delay);
          resolve();
        }, ms),
        resolve,
      };
      this.delays.add(delay);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const target = req.headers['x-amz-target'];
    const targetText = typeof target === 'string' ? target : undefined;
    const operation = targetText === undefined ? NO_TARGET : targetText.startsWith(KMS_TARGET_PREFIX) ? targetText.slice(KMS_TARGET_PREFIX.length) : targetText;
    this.count(operation);
    try {
      const body = await readBody(req);
      const effect = this.faults.consume(operation);
      if (effect.delayMs > 0) await this.sleep(effect.delayMs);
      if (this.stopping !== undefined || res.destroyed) return;
      switch (effect.failure) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'throttle':
          throw new KmsWireError('ThrottlingException', 'Rate exceeded', 400);
        case 'internal':
          throw new KmsWireError('KMSInternalException', 'LocalKms injected an internal error.', 500);
        case 'unavailable':
          throw new KmsWireError('ServiceUnavailableException', 'Service Unavailable', 503);
        case undefined:
          break;
      }
      const known = (KMS_OPERATIONS as readonly string[]).includes(operation);
      if (req.method !== 'POST' || targetText === undefined || !targetText.startsWith(KMS_TARGET_PREFIX) || !known) {
        throw new KmsWireError('UnknownOperationException', `Unknown operation ${targetText ?? '(no X-Amz-Target)'}`);
      }
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!JSON_CONTENT_TYPES.includes(contentType)) {
        throw serializationError(`Unsupported content type '${contentType}': expected application/x-amz-json-1.1`);
      }
      const answer = runOperation(this.store, operation as KmsOperation, parseJsonObject(body));
      sendJson(res, 200, answer, requestId);
    } catch (err) {
      if (res.destroyed) return;
      const wire = err instanceof KmsWireError ? err : new KmsWireError('KMSInternalException', 'LocalKms failed to process the request.', 500);
      sendError(res, wire, requestId);
    }
  }
}
