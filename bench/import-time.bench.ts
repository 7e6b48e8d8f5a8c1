import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ReportSection, median } from './harness';

const ROUNDS = 9;
const root = resolve(__dirname, '..');

/** Time to `require` a module in a fresh Node process (ms), and whether it loaded any @aws-crypto module. */
const importTime = (modulePath: string): { ms: number; loadsEsdk: boolean } => {
  const script = `
    const start = process.hrtime.bigint();
    require(${JSON.stringify(modulePath)});
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const loadsEsdk = Object.keys(require.cache).some((file) => file.includes('@aws-crypto'));
    process.stdout.write(JSON.stringify({ ms, loadsEsdk }));`;
  const runs = Array.from(
    { length: ROUNDS },
    () => JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })) as { ms: number; loadsEsdk: boolean },
  );
  return { ms: median(runs.map((run) => run.ms)), loadsEsdk: runs.some((run) => run.loadsEsdk) };
};

/** Cold-start cost: the compiled entries against `@aws-crypto/client-node`. */
export const runImportTimeBench = (): ReportSection[] => {
  // Inside the project, so the compiled entries resolve the project's node_modules.
  const outDir = mkdtempSync(join(root, 'node_modules', '.bench-dist-'));
  try {
    // The published build (scripts/build.js: its CommonJS entry loads the decorators on first use).
    execFileSync(process.execPath, [join(root, 'scripts', 'build.js'), outDir], { cwd: root, stdio: 'ignore' });
    const rows = [
      ['lambda-data-masking', join(outDir, 'cjs', 'index.js')],
      ['lambda-data-masking/kms', join(outDir, 'cjs', 'providers/kms/index.js')],
      ['@aws-crypto/client-node', '@aws-crypto/client-node'],
    ].map(([name, path]) => ({ name: name!, ...importTime(path!) }));
    const clientNode = rows[2]!.ms;
    return [
      {
        title: 'Import time (Lambda cold start)',
        description: `Median of ${ROUNDS} fresh Node processes requiring the published CommonJS entry (built by scripts/build.js), wall time of the require.`,
        lines: [
          '| module | require time | vs @aws-crypto/client-node | loads @aws-crypto |',
          '| --- | ---: | ---: | :---: |',
          ...rows.map((row) => `| ${row.name} | ${row.ms.toFixed(1)} ms | ${(row.ms / clientNode).toFixed(2)}× | ${row.loadsEsdk ? 'yes' : 'no'} |`),
        ],
      },
    ];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
};
