/**
 * Memory under load (issue 15): the hardening load campaign (test/hardening/campaigns/load.ts)
 * at 10,000 round trips with 200 in flight by default, LocalKms in a process of its own so that
 * this process's RSS is the client's alone. Prints the RSS, heap and external peaks, the heap
 * after a full collection and the load average.
 *   node --expose-gc -r @swc-node/register bench/load/memory.ts [--same-process] [--gate=8]
 *   MEMORY_ROUND_TRIPS=3000 MEMORY_IN_FLIGHT=200 NODE_OPTIONS=--max-old-space-size=96 ...
 *   --live=500: a full collection every 500 ms during the run, reporting the largest heap left
 *   after one (the live set under load, not its garbage; the collections change the RSS figures,
 *   so measure growth and the live set in separate runs).
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { cpus, loadavg } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { AlgorithmSuiteIdentifier } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { runLoadCampaign } from '../../test/hardening/campaigns/load';
import { SecretsLedger } from '../../test/hardening/support/canary';
import { startKmsProcess } from './kms-process';

const flag = (name: string): string | undefined => {
  const found = process.argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  return found === undefined ? undefined : (found.split('=')[1] ?? '');
};

const main = async (): Promise<void> => {
  const roundTrips = Number(process.env.MEMORY_ROUND_TRIPS ?? 10_000);
  const inFlight = Number(process.env.MEMORY_IN_FLIGHT ?? 200);
  const gate = flag('gate') === undefined ? undefined : Number(flag('gate'));
  const sameProcess = flag('same-process') !== undefined;
  const local = sameProcess ? await LocalKms.start() : undefined;
  const remote = sameProcess ? undefined : await startKmsProcess();
  const kms = local ?? remote!;
  const keyArn = local?.createKey().arn ?? remote!.keyArn;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const ledger = new SecretsLedger();
  const load0 = loadavg()[0]!;
  const liveEvery = flag('live') === undefined ? undefined : Number(flag('live'));
  let livePeak = 0;
  const live =
    liveEvery === undefined || gc === undefined
      ? undefined
      : setInterval(() => {
          gc();
          livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
        }, liveEvery);
  try {
    const result = await runLoadCampaign({
      kms,
      keyArn,
      ledger,
      roundTrips,
      tenants: 100,
      concurrency: inFlight,
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      crossTenantEvery: 10,
      ...(gate === undefined ? {} : { maxConcurrentOperations: gate }),
    });
    if (live !== undefined) clearInterval(live);
    gc?.();
    const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
    const { rss } = result;
    console.log(
      JSON.stringify({
        roundTrips,
        inFlight,
        kms: sameProcess ? 'same process' : 'own process',
        maxConcurrentOperations: gate ?? 'unlimited',
        heapLimitMb: mb(getHeapStatistics().heap_size_limit),
        errors: result.errors,
        ...(result.errors > 0 ? { errorSamples: result.errorSamples } : {}),
        mismatches: result.mismatches,
        throughput: result.roundTripsPerSecond.toFixed(1),
        p50Ms: result.p50Ms.toFixed(0),
        p99Ms: result.p99Ms.toFixed(0),
        baselineRssMb: rss.baselineMb.toFixed(0),
        peakRssMb: rss.peakMb.toFixed(0),
        growthMb: rss.growthMb.toFixed(0),
        heapUsedPeakMb: rss.heapUsedPeakMb.toFixed(0),
        externalPeakMb: rss.externalPeakMb.toFixed(0),
        heapAfterGcMb: mb(process.memoryUsage().heapUsed),
        ...(live === undefined ? {} : { liveHeapPeakMb: mb(livePeak) }),
        rssAfterGcMb: mb(process.memoryUsage().rss),
        kmsCalls: result.kmsCalls,
        loadAverage: `${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
      }),
    );
  } finally {
    await local?.stop();
    await remote?.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
