/**
 * Bench section 'kms-model': the KMS-call model of bench/kms-model.ts at a realistic scale (a
 * table), and validated at a small scale by a measured run: producers and consumers as separate
 * providers (one cache each, as containers), random arrivals, calls counted by LocalKms and by a
 * counting proxy in front of DynamoDB Local. `npm run bench -- kms-model`.
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } from '@aws-crypto/caching-materials-manager-node';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { getClient, KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';
import { KMS } from '@aws-sdk/client-kms';
import { createServer, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, createBranchKey, createBranchKeyStoreTable } from 'lambda-data-masking/kms';
import { DynamoDbLocal, LocalKms } from 'lambda-data-masking/testing';
import type { ReportSection } from './harness';
import { modelBareEsdkCache, modelHierarchical, modelOurCache, monthlyCostUsd, type CallRates, type Workload } from './kms-model';

const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

interface Codec {
  encrypt(plaintext: string, context: Record<string, string>): Promise<string>;
  decrypt(ciphertext: string, context: Record<string, string>): Promise<unknown>;
}

/** A counting proxy in front of DynamoDB Local: requests per `X-Amz-Target` operation. */
const countingProxy = async (target: string) => {
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const upstream = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { endpoint: `http://127.0.0.1:${port}`, counts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

/** Random (Poisson) arrivals over `seconds`; each encrypts every field in a random producer and decrypts it in a random consumer. */
const drive = async (w: Workload, seconds: number, producers: Codec[], consumers: Codec[]): Promise<number> => {
  const started = Date.now();
  const pending: Promise<void>[] = [];
  let errors = 0;
  let at = 0;
  for (;;) {
    at += -Math.log(1 - Math.random()) / w.requestsPerSecond;
    if (at >= seconds) break;
    const wait = started + at * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const producer = producers[Math.floor(Math.random() * producers.length)]!;
    const consumer = consumers[Math.floor(Math.random() * consumers.length)]!;
    const tenant = `tenant-${Math.floor(Math.random() * w.tenants)}`;
    pending.push(
      (async () => {
        for (let field = 0; field < w.fieldsPerRequest; field++) {
          const context = { tenant_id: tenant, field: `f${field}` };
          await consumer.decrypt(await producer.encrypt('{"ssn":"123-45-6789"}', context), context);
        }
      })().catch(() => {
        errors++;
      }),
    );
  }
  await Promise.all(pending);
  return errors;
};

const ourCodec = (provider: AWSEncryptionSDKProvider): Codec => ({
  encrypt: (plaintext, context) => provider.encrypt(plaintext, { context, providerOptions: { algorithmSuiteId: SUITE } }),
  decrypt: (ciphertext, context) => provider.decrypt(ciphertext, { context }),
});

/**
 * The ESDK's own caching materials manager over a KMS keyring, as the SDK's examples build it
 * with a client configuration: `getClient(KMS, config)` builds a new client for every KMS call
 * (no `cacheClients`), so every miss also pays a client's construction and a new connection.
 */
const bareCodec = (clientProvider: (region: string) => KMS, keyArn: string, ageMs: number): Codec => {
  const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: clientProvider as never });
  const cmm = new NodeCachingMaterialsManager({
    backingMaterials: keyring,
    cache: getLocalCryptographicMaterialsCache(1000),
    maxAge: ageMs,
    maxMessagesEncrypted: 2 ** 32,
  });
  const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  return {
    encrypt: async (plaintext, encryptionContext) =>
      (await encrypt(cmm, plaintext, { encryptionContext, suiteId: SUITE, plaintextLength: Buffer.byteLength(plaintext) })).result.toString('base64'),
    decrypt: async (ciphertext) => (await decrypt(cmm, Buffer.from(ciphertext, 'base64'))).plaintext.toString('utf8'),
  };
};

/**
 * Times every call `client` sends, into `seconds`: from the call's start, or from `since` (when
 * the client was built for that one call), to its answer. The time a miss waits: the model's L.
 */
const timeCalls = (client: KMS, seconds: number[], since?: number): KMS => {
  client.middlewareStack.add(
    (next) => async (args) => {
      const started = since ?? performance.now();
      try {
        return await next(args);
      } finally {
        seconds.push((performance.now() - started) / 1000);
      }
    },
    { step: 'initialize', name: 'benchCallTiming' },
  );
  return client;
};

const fmt = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(3));
const within = (measured: number, modelled: number): string =>
  modelled === 0 ? (measured === 0 ? '0 = 0' : `${measured} vs 0`) : `${((measured / modelled - 1) * 100).toFixed(1)} %`;

export const runKmsModelBench = async (): Promise<ReportSection[]> => {
  // --- The model at a realistic scale.
  const fleet: Workload[] = [
    { containers: 50, tenants: 20, requestsPerSecond: 500, fieldsPerRequest: 3, dataKeyAgeSeconds: 300, branchKeyTtlSeconds: 300, kmsLatencySeconds: 0.02 },
    { containers: 200, tenants: 1000, requestsPerSecond: 2000, fieldsPerRequest: 3, dataKeyAgeSeconds: 300, branchKeyTtlSeconds: 300, kmsLatencySeconds: 0.02 },
    { containers: 200, tenants: 1000, requestsPerSecond: 2000, fieldsPerRequest: 3, dataKeyAgeSeconds: 60, branchKeyTtlSeconds: 60, kmsLatencySeconds: 0.02 },
    { containers: 10, tenants: 5, requestsPerSecond: 50, fieldsPerRequest: 1, dataKeyAgeSeconds: 300, branchKeyTtlSeconds: 300, kmsLatencySeconds: 0.02 },
  ];
  const row = (w: Workload, name: string, rates: CallRates): string =>
    `| ${w.containers} | ${w.tenants} | ${w.requestsPerSecond} | ${w.fieldsPerRequest} | ${w.dataKeyAgeSeconds} s | ${name} | ${fmt(rates.kmsGenerateDataKey + rates.kmsDecrypt)} | ${fmt(rates.dynamoDbGetItem)} | $${monthlyCostUsd(rates).toFixed(0)} |`;
  const modelLines = [
    '| containers | tenants | requests/s | fields | cache age / TTL | keyring | KMS calls/s | DynamoDB reads/s | requests cost / month |',
    '| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...fleet.flatMap((w) => [
      row(w, '(a) KMS, our cache', modelOurCache(w)),
      row(w, '(b) KMS, bare ESDK cache', modelBareEsdkCache(w)),
      row(w, '(c) hierarchical', modelHierarchical(w)),
    ]),
  ];

  // --- The measured run at a small scale.
  const small: Workload = {
    containers: 2,
    tenants: 4,
    requestsPerSecond: 40,
    fieldsPerRequest: 2,
    dataKeyAgeSeconds: 1,
    branchKeyTtlSeconds: 1,
    kmsLatencySeconds: 0.05,
    // The run drives each request's fields one after the other, each decrypted before the next.
    fieldsInSequence: true,
  };
  // Two lighter settings for (b), the keyring whose model depends most on the workload's timing:
  // its client per call costs CPU, so at the first setting's rate it reaches no steady state on a
  // shared machine; at these rates its misses stay well within the age.
  const lighter: Workload[] = [
    { ...small, tenants: 2, requestsPerSecond: 16 },
    { ...small, tenants: 2, requestsPerSecond: 12, fieldsPerRequest: 3, dataKeyAgeSeconds: 2, kmsLatencySeconds: 0.1 },
  ];
  const lighterSeconds = 24;
  const seconds = 12;
  const kms = await LocalKms.start();
  const { ensureDynamoDbLocal } = require('../scripts/dynamodb-local.js') as { ensureDynamoDbLocal: () => string };
  const ddb = await DynamoDbLocal.start({ directory: ensureDynamoDbLocal(), startTimeoutMs: 180_000 });
  const proxy = await countingProxy(ddb.endpoint);
  const measured: Array<{ name: string; model: CallRates; seconds: number; kms: number; split: string; ddb: number; errors: number; steady: boolean }> = [];
  let latencyFault = kms.injectFault({ type: 'latency', latencyMs: small.kmsLatencySeconds * 1000 });
  try {
    const keyArn = kms.createKey().arn;
    const pair = (build: () => Codec) => [Array.from({ length: small.containers }, build), Array.from({ length: small.containers }, build)] as const;
    const ageSeconds = small.dataKeyAgeSeconds;
    // L, the time a miss waits for KMS: for (a) and (b) the mean duration of the counted KMS
    // calls as each configuration makes them (timed by a middleware on its clients; for (b)
    // from the client's construction, as it builds one per call); for (c), whose fetch is a
    // DynamoDB read then a KMS call, a DescribeKey probe (not counted) every 200 ms.
    const probe = new KMS({ ...kms.clientConfig(), maxAttempts: 1 });
    const measure = async (
      name: string,
      modelOf: (w: Workload) => CallRates,
      [producers, consumers]: readonly [Codec[], Codec[]],
      callSeconds?: number[],
      workload: Workload = small,
      runSeconds = seconds,
    ) => {
      kms.resetCounters();
      proxy.counts.clear();
      const latencies: number[] = callSeconds ?? [];
      let probing = callSeconds === undefined;
      const probeLoop = (async () => {
        while (probing) {
          const started = performance.now();
          await probe.describeKey({ KeyId: keyArn });
          latencies.push((performance.now() - started) / 1000);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      const errors = await drive(workload, runSeconds, producers, consumers);
      probing = false;
      await probeLoop;
      const latency = latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length);
      // (b) draws each miss's duration from the measured ones (see Workload.kmsLatencySamples).
      const model = modelOf({ ...workload, kmsLatencySeconds: latency, kmsLatencySamples: latencies });
      name = `${name} (L = ${(latency * 1000).toFixed(0)} ms)`;
      const kmsCalls = kms.calls.GenerateDataKey + kms.calls.Decrypt;
      const split = `${kms.calls.GenerateDataKey} + ${kms.calls.Decrypt} (model ${(model.kmsGenerateDataKey * runSeconds).toFixed(0)} + ${(model.kmsDecrypt * runSeconds).toFixed(0)})`;
      // The model is a steady state: a miss must end well within the cache age, or misses feed
      // on each other (more misses, more clients, more CPU, longer misses) and no cycle repeats.
      const steady = latency < workload.dataKeyAgeSeconds / 2;
      measured.push({ name, model, seconds: runSeconds, kms: kmsCalls, split, ddb: proxy.counts.get('GetItem') ?? 0, errors, steady });
    };
    const ourCalls: number[] = [];
    await measure(
      '(a) KMS, our cache',
      modelOurCache,
      pair(() =>
        ourCodec(
          new AWSEncryptionSDKProvider({
            keys: [keyArn],
            kmsClient: timeCalls(new KMS(kms.clientConfig()), ourCalls),
            maxCacheAgeSeconds: ageSeconds,
            localCacheCapacity: 1000,
          }),
        ),
      ),
      ourCalls,
    );
    // The ESDK's getClient(KMS, config), as its examples use it: a new client for every call.
    const bareCalls: number[] = [];
    const perCallClient = (region: string): KMS => {
      const since = performance.now();
      return timeCalls(getClient(KMS, kms.clientConfig())(region) as KMS, bareCalls, since);
    };
    await measure(
      '(b) KMS, bare ESDK cache',
      modelBareEsdkCache,
      pair(() => bareCodec(perCallClient, keyArn, ageSeconds * 1000)),
      bareCalls,
    );
    for (const workload of lighter) {
      latencyFault.clear();
      latencyFault = kms.injectFault({ type: 'latency', latencyMs: workload.kmsLatencySeconds * 1000 });
      bareCalls.length = 0;
      await measure(
        `(b) KMS, bare ESDK cache, lighter: ${workload.tenants} tenants, ${workload.requestsPerSecond} requests/s, ${workload.fieldsPerRequest} fields, age ${workload.dataKeyAgeSeconds} s, ${workload.kmsLatencySeconds * 1000} ms injected, ${lighterSeconds} s`,
        modelBareEsdkCache,
        pair(() => bareCodec(perCallClient, keyArn, workload.dataKeyAgeSeconds * 1000)),
        bareCalls,
        workload,
        lighterSeconds,
      );
    }
    latencyFault.clear();
    latencyFault = kms.injectFault({ type: 'latency', latencyMs: small.kmsLatencySeconds * 1000 });
    const store = {
      keyStoreTableName: 'model-branch-keys',
      kmsKeyArn: keyArn,
      kmsClientConfig: kms.clientConfig(),
      dynamoDbClientConfig: { endpoint: proxy.endpoint, region: kms.region, credentials: kms.clientConfig().credentials },
    };
    await createBranchKeyStoreTable(store);
    for (let tenant = 0; tenant < small.tenants; tenant++) await createBranchKey({ ...store, branchKeyId: `tenant-${tenant}` });
    await measure(
      '(c) hierarchical',
      modelHierarchical,
      pair(() =>
        ourCodec(new AWSEncryptionSDKProvider({ hierarchical: { ...store, branchKeyIdFromContext: 'tenant_id', cacheTtlSeconds: small.branchKeyTtlSeconds } })),
      ),
    );
    probe.destroy();
  } finally {
    await proxy.close();
    await ddb.stop();
    await kms.stop();
  }
  const measuredLines = [
    '| keyring | steady (L < age / 2) | KMS calls: model | measured | deviation | GenerateDataKey + Decrypt | DynamoDB GetItem: model | measured | deviation | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.map(({ name, model, seconds, kms: kmsCalls, split, ddb: reads, errors, steady }) => {
      const kmsModel = (model.kmsGenerateDataKey + model.kmsDecrypt) * seconds;
      const ddbModel = model.dynamoDbGetItem * seconds;
      return `| ${name} | ${steady ? 'yes' : '**no**: not a validation'} | ${kmsModel.toFixed(0)} | ${kmsCalls} | ${within(kmsCalls, kmsModel)} | ${split} | ${ddbModel.toFixed(0)} | ${reads} | ${within(reads, ddbModel)} | ${errors} |`;
    }),
  ];
  return [
    {
      title: 'KMS calls and cost at fleet scale (model)',
      description:
        'bench/kms-model.ts: steady state, random arrivals spread over containers and tenants, each request encrypting one message per field and decrypted in a random container of an equal consumer fleet. ' +
        'Request prices only ($0.03 per 10,000 KMS requests, $0.25 per million DynamoDB reads); KMS key storage and Lambda time not included. See docs/multi-tenant.md.',
      lines: modelLines,
    },
    {
      title: 'KMS-call model validated by a measured run',
      description:
        `${small.containers} producer and ${small.containers} consumer providers (a cache each), ${small.tenants} tenants, ${small.requestsPerSecond} requests/s for ${seconds} s, ` +
        `${small.fieldsPerRequest} fields per request (each encrypted, then decrypted, before the next), cache age and branch key TTL ${small.dataKeyAgeSeconds} s, KMS latency ${small.kmsLatencySeconds * 1000} ms (injected); (b) also at two lighter settings: ` +
        "calls counted by LocalKms and by a proxy in front of DynamoDB Local. L, the model's input, is the time a miss waits for KMS during that run: " +
        "for (a) and (b) the mean of the counted calls as each configuration makes them ((b) builds a KMS client per call, as the ESDK's `getClient` does, so its L includes that; " +
        "its model, a simulation of the ESDK's cache rules, draws each miss's duration from the measured ones), for (c) a probe. " +
        `Load average (1 min) at the end of the run: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`,
      lines: measuredLines,
    },
  ];
};

if (require.main === module) {
  runKmsModelBench().then(
    (sections) => {
      for (const { title, lines } of sections) process.stdout.write(`\n${title}\n${lines.join('\n')}\n`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
