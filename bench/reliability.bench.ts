/**
 * Reliability figures (issue 6): the hardening campaign of `test/hardening` at full size —
 * 10,000 concurrent round trips for 100 tenants (and 1,000 with the signing suite), 10,000
 * mutated ciphertexts, the erase/path fuzz, the KMS fault matrix (hierarchical keyring rows on
 * DynamoDB Local included), and the secrets-hygiene
 * ledger over all of it — rendered as the "Reliability" section of BENCHMARKS.md.
 *
 * `runReliabilityBench()` is what `bench/run.ts` calls. Run alone:
 * `node -r @swc-node/register bench/reliability.bench.ts` prints the section
 * (`LDM_FUZZ_SEED` replays a fuzz run).
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { AlgorithmSuiteIdentifier } from 'lambda-data-masking/kms';
import { DynamoDbLocal, LocalKms } from 'lambda-data-masking/testing';
import { ACCEPTED_IDENTICAL, runDecryptFuzz, type FuzzDecryptResult } from '../test/hardening/campaigns/fuzz-decrypt';
import { runEraseFuzz, type EraseFuzzResult, type FuzzTally } from '../test/hardening/campaigns/erase-fuzz';
import { runFailClosedCampaign, type FailClosedResult } from '../test/hardening/campaigns/fail-closed';
import { FAULT_CASES, OPERATIONS, runFaultMatrix, runTransientFaults, type FaultCell, type TransientCell } from '../test/hardening/campaigns/fault-matrix';
import { HIERARCHICAL_FAULT_CASES, runHierarchicalFaultMatrix } from '../test/hardening/campaigns/hierarchical-fault-matrix';
import { runLoadCampaign, type LoadResult } from '../test/hardening/campaigns/load';
import { SecretsLedger } from '../test/hardening/support/canary';
import { fuzzSeed } from '../test/hardening/support/runtime';
import type { ReportSection } from './harness';

/** Full sizes (the jest campaign runs a fraction of these; `LDM_HARDENING_SCALE` scales it). */
export const RELIABILITY_SIZES = Object.freeze({
  loadRoundTrips: 10_000,
  signedRoundTrips: 1_000,
  tenants: 100,
  inFlight: 200,
  fuzzCiphertexts: 10_000,
  eraseRuns: 10_000,
  identityRuns: 2_000,
  cryptoRuns: 4_000,
  failClosedRuns: 2_000,
  failClosedRegexBytes: 1024 * 1024,
});

const fmt = (value: number, digits = 0): string => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mark = (ok: boolean): string => (ok ? '✓' : '✗');
const short = (name: string): string => name.replace(/^DataMasking/, '').replace(/Error$/, '');

const loadRow = (result: LoadResult): string =>
  `| ${result.suite} | ${fmt(result.roundTrips)} (${fmt(result.wholePayload)} whole, ${fmt(result.fieldLevel)} field-level) | ${result.tenants} | ${result.concurrency} ` +
  `| ${result.errors} | ${result.mismatches} | ${result.crossTenantRefused}/${result.crossTenantChecks} ` +
  `| ${fmt(result.roundTripsPerSecond, 1)}/s | ${fmt(result.p50Ms, 1)} ms | ${fmt(result.p99Ms, 1)} ms ` +
  `| ${fmt(result.rss.peakMb)} MB (+${fmt(result.rss.growthMb)}; maxRSS ${fmt(result.rss.maxRssMb)} MB) | ${result.kmsCalls.GenerateDataKey} + ${result.kmsCalls.Decrypt} (${result.distinctDataKeys} data keys) |`;

const fuzzLines = (result: FuzzDecryptResult): string[] => [
  '| mutation class | cases | outcomes | allowed |',
  '| --- | ---: | --- | :---: |',
  ...result.classes.map((tally) => {
    const outcomes = Object.entries(tally.outcomes)
      .sort(([, a], [, b]) => b - a)
      .map(([outcome, count]) => `${outcome === ACCEPTED_IDENTICAL ? 'accepted (identical plaintext)' : short(outcome)} ${fmt(count)}`)
      .join(', ');
    const allowed = Object.keys(tally.outcomes).every((outcome) => tally.allowed.includes(outcome));
    return `| ${tally.name} | ${fmt(tally.count)} | ${outcomes} | ${mark(allowed)} |`;
  }),
  '',
  `${fmt(result.total)} cases (seed ${result.seed}) in ${fmt(result.durationMs / 1000, 1)} s: ${fmt(result.typedRejections)} typed rejections, ` +
    `${fmt(result.acceptedIdentical)} accepted with the identical plaintext, **${result.wrongPlaintexts} wrong plaintexts, ${result.untypedErrors} untyped errors, ` +
    `${result.hung} hangs, ${result.unhandledRejections} unhandled rejections, ${result.uncaughtExceptions} uncaught exceptions**; ` +
    `${result.unexpected} outcomes outside their class's allowed set; ${fmt(result.kmsCalls)} KMS requests.`,
];

const tallyRow = (name: string, tally: FuzzTally): string =>
  `| ${name} | ${fmt(tally.runs)} | ${Object.entries(tally.outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, count]) => `${short(outcome.replace(/DataMasking/g, ''))} ${fmt(count)}`)
    .join(', ')} |`;

/** The fail-closed campaign (issue 9, erase engine): one row per attack class. */
export const failClosedLines = (result: FailClosedResult): string[] => [
  '| attack class | cases | held | typed errors | untyped errors | worst |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...result.classes.map((entry) => {
    const worst = entry.name.startsWith('catastrophic') ? `${fmt(entry.worst, 1)} ms` : entry.name.includes('messages') ? `${fmt(entry.worst)} chars` : '';
    return `| ${entry.name} | ${fmt(entry.runs)} | ${fmt(entry.held)} | ${fmt(entry.typedErrors)} | ${entry.untypedErrors} | ${worst} |`;
  }),
  '',
  `Seed ${result.seed}, ${fmt(result.durationMs / 1000, 1)} s. "held": no selected value in clear, nothing global changed, ` +
    'at least as masked as each overlapping selection alone, a `toJSON()` view never bypassed, each failure a typed error with the original as `cause`, ' +
    'every message one line of at most 600 characters. "worst": the slowest regular-expression erase, the longest message.',
];

const eraseLines = (result: EraseFuzzResult): string[] => [
  '| property | runs | outcomes |',
  '| --- | ---: | --- |',
  tallyRow('erase: random documents × random/mutated/hostile paths × options', result.erase),
  tallyRow('erase at a path matching nothing returns the document exactly', result.identity),
  tallyRow('field-level encrypt + decrypt (flat paths round-trip exactly)', result.crypto),
  '',
  result.failures.length === 0
    ? `All properties held (seed ${result.seed}, ${fmt(result.durationMs / 1000, 1)} s): only typed errors, inputs never mutated, results never sharing an object with the input, no prototype pollution, frozen inputs giving the same outcome.`
    : `**${result.failures.length} properties failed** (seed ${result.seed}):\n\n\`\`\`\n${result.failures.join('\n\n')}\n\`\`\``,
];

const faultLines = (cells: readonly FaultCell[], transient: readonly TransientCell[]): string[] => {
  const cellText = (cell: FaultCell | undefined): string =>
    cell === undefined ? '-' : cell.pass ? `✓ ${short(cell.error)} ← ${cell.cause}` : `✗ ${cell.problems.join('; ')}`;
  const lines = [
    `| fault | ${OPERATIONS.join(' | ')} |`,
    `| --- | ${OPERATIONS.map(() => '---').join(' | ')} |`,
    ...[...FAULT_CASES, ...HIERARCHICAL_FAULT_CASES].map(
      (fault) =>
        `| ${fault.name} | ${OPERATIONS.map((operation) => cellText(cells.find((cell) => cell.fault === fault.name && cell.operation === operation))).join(' | ')} |`,
    ),
    '',
    `${cells.filter((cell) => cell.pass).length}/${cells.length} cells pass: the typed error with the KMS (or DynamoDB) exception as \`cause\`, the call rejected ` +
      'with the input untouched (no partial output), no canary in the error, and the next call on the same masker, fault cleared, round-trips. ' +
      'The hierarchical rows start each masker with a cold branch key cache (the fault meets the branch key read from DynamoDB Local, through a fault proxy, or its unwrap by KMS). ' +
      'A ✓ reads "error ← cause"; a ✗ lists what went wrong.',
    '',
    '| transient fault (maxAttempts 3) | operation | outcome | KMS requests |',
    '| --- | --- | --- | ---: |',
    ...transient.map(
      (cell) =>
        `| ${cell.fault} | ${cell.operation} | ${cell.succeeded ? '✓ succeeded after the SDK retry' : `✗ ${cell.problems.join('; ')}`} | ${cell.kmsRequests} |`,
    ),
  ];
  return lines;
};

/** The hierarchical keyring's rows of the fault matrix, on a DynamoDB Local of their own. */
const runHierarchicalFaultRows = async (ledger: SecretsLedger): Promise<FaultCell[]> => {
  const { ensureDynamoDbLocal } = require('../scripts/dynamodb-local.js') as { ensureDynamoDbLocal: () => string };
  const ddb = await DynamoDbLocal.start({ directory: ensureDynamoDbLocal(), startTimeoutMs: 180_000 });
  try {
    return await runHierarchicalFaultMatrix(ddb.endpoint, ledger);
  } finally {
    await ddb.stop();
  }
};

/** The fault matrix alone (both keyrings, and the transient faults): `--faults` prints just its table. */
export const runFaultMatrixTable = async (): Promise<string[]> => {
  const ledger = new SecretsLedger();
  const cells = [...(await runFaultMatrix(ledger)), ...(await runHierarchicalFaultRows(ledger))];
  return faultLines(cells, await runTransientFaults(ledger));
};

export async function runReliabilityBench(): Promise<ReportSection[]> {
  const sizes = RELIABILITY_SIZES;
  const ledger = new SecretsLedger();
  ledger.output.start();
  const progress = (text: string): void => {
    ledger.output.stop(); // progress lines are ours, not the library's: keep them out of the scan
    process.stdout.write(`  reliability: ${text}\n`);
    ledger.output.start();
  };
  const kms = await LocalKms.start();
  let loads: LoadResult[];
  let fuzz: FuzzDecryptResult;
  let erase: EraseFuzzResult;
  let failClosed: FailClosedResult;
  let cells: FaultCell[];
  let transient: TransientCell[];
  try {
    const keyArn = kms.createKey({ alias: 'alias/reliability' }).arn;
    progress(`load, ${fmt(sizes.loadRoundTrips)} round trips (non-signing suite)`);
    const unsigned = await runLoadCampaign({
      kms,
      keyArn,
      ledger,
      roundTrips: sizes.loadRoundTrips,
      tenants: sizes.tenants,
      concurrency: sizes.inFlight,
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      crossTenantEvery: 10,
    });
    progress(`load, ${fmt(sizes.signedRoundTrips)} round trips (signing suite)`);
    const signed = await runLoadCampaign({
      kms,
      keyArn: kms.createKey().arn,
      ledger,
      roundTrips: sizes.signedRoundTrips,
      tenants: sizes.tenants,
      concurrency: sizes.inFlight,
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
      crossTenantEvery: 10,
    });
    loads = [unsigned, signed];
    progress(`decrypt fuzz, ${fmt(sizes.fuzzCiphertexts)} mutated ciphertexts`);
    fuzz = await runDecryptFuzz({ kms, ledger, count: sizes.fuzzCiphertexts, seed: fuzzSeed(0x6c646d31) });
    progress('erase and path fuzz');
    erase = await runEraseFuzz(ledger, { erase: sizes.eraseRuns, identity: sizes.identityRuns, crypto: sizes.cryptoRuns }, fuzzSeed(0x6c646d32));
    progress('fail-closed campaign');
    failClosed = runFailClosedCampaign({ runs: sizes.failClosedRuns, seed: fuzzSeed(0x9f41), regexBytes: sizes.failClosedRegexBytes });
    progress('fault matrix');
    cells = [...(await runFaultMatrix(ledger)), ...(await runHierarchicalFaultRows(ledger))];
    transient = await runTransientFaults(ledger);
  } finally {
    ledger.output.stop();
    await kms.stop();
  }
  const leaks = ledger.leaks();
  const lines = [
    '### Load',
    '',
    `Concurrent round trips (encrypt, then decrypt and compare) through one provider with its data-key cache, LocalKms on loopback; ` +
      `${sizes.tenants} tenants, one encryption context each; whole payload and field-level (6 location shapes) alternate per tenant sweep. ` +
      "Every 10th ciphertext is also decrypted with another tenant's context, which must be refused (`DataMaskingContextMismatchError`). " +
      'Latency is per round trip under that load (queueing included); RSS is sampled every 20 ms (peak, growth over the run, and the ' +
      "process's maxRSS from `process.resourceUsage()`). With a perfect cache the KMS calls equal the distinct (tenant, location shape) data keys.",
    '',
    '| suite | round trips | tenants | in flight | errors | mismatches | cross-tenant refused | throughput | p50 | p99 | peak RSS | KMS calls (GenerateDataKey + Decrypt) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...loads.map(loadRow),
    '',
    '### Decrypt fuzz',
    '',
    'Mutated ciphertexts through `DataMasking.decrypt` (real ESDK, LocalKms), by class of mutation; the outcome counts name the error class ' +
      '(`DecryptValue`, `DecryptKey`, `ContextMismatch`). "allowed" checks every outcome against what the class may produce.',
    '',
    ...fuzzLines(fuzz),
    '',
    '### Erase and path fuzz (fast-check)',
    '',
    ...eraseLines(erase),
    '',
    '### Fail closed (erase)',
    '',
    ...failClosedLines(failClosed),
    '',
    '### KMS fault matrix',
    '',
    ...faultLines(cells, transient),
    '',
    '### Secrets hygiene',
    '',
    '| canaries planted | errors scanned (message, stack, causes, inspect) | warnings scanned | console / stdio writes scanned | leaks |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${fmt(ledger.canaries.planted)} | ${fmt(ledger.errorsScanned)} | ${fmt(ledger.warningsScanned)} | ${fmt(ledger.output.writes.length)} | **${leaks.length}** |`,
    ...(leaks.length > 0 ? ['', ...leaks.slice(0, 10).map((leak) => `- ${leak.where}: \`${leak.excerpt.replace(/`/g, "'")}\``)] : []),
  ];
  return [
    {
      title: 'Reliability',
      description:
        'The hardening campaign of `test/hardening` at full size (`npx jest test/hardening` runs it at CI size; `LDM_HARDENING_SCALE` scales it). ' +
        'Every payload carries canary values, which must never reach an error, a warning or the console.',
      lines,
    },
  ];
}

if (require.main === module && process.argv.includes('--faults')) {
  runFaultMatrixTable().then(
    (lines) => process.stdout.write(`${lines.join('\n')}\n`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
} else if (require.main === module) {
  runReliabilityBench()
    .then((sections) => {
      for (const { title, description, lines } of sections) process.stdout.write(`## ${title}\n\n${description}\n\n${lines.join('\n')}\n`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
