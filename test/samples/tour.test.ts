/**
 * `npm start`: the tour runs as a child process, its output piped, as a newcomer's first command.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SAMPLES_DIR } from './events';

const ROOT = join(SAMPLES_DIR, '..');

/** Every sample file (not the tour, not the shared helpers). */
const sampleFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'events' ? [] : sampleFiles(path);
    return entry.name.endsWith('.ts') && !['tour.ts', 'lambda.ts'].includes(entry.name) ? [relative(ROOT, path)] : [];
  });

const runTour = () =>
  new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve, reject) => {
    const started = Date.now();
    const env = { ...process.env };
    delete env.NO_COLOR;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'samples/tour.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });

let tour: Awaited<ReturnType<typeof runTour>>;

beforeAll(async () => {
  tour = await runTour();
}, 240_000);

// The last section waits for DynamoDB Local (a JVM the jest global setup starts), which takes
// 2-3 s on an idle machine and half a minute on a loaded one: hence the wide bound.
it('exits 0 on its own (LocalKms, DynamoDB Local and the NestJS server stopped), within 3 minutes, with nothing on stderr', () => {
  expect(tour.stderr).toBe('');
  expect(tour.code).toBe(0);
  expect(tour.ms).toBeLessThan(180_000);
});

it('prints plain text when piped: no ANSI escape codes', () => {
  expect(tour.stdout).not.toMatch(/\u001b\[/);
});

it('ends with a one-line summary: every step ran, no AWS account', () => {
  const lines = tour.stdout.trimEnd().split('\n');
  const summary = lines[lines.length - 1]!;
  const match =
    /^(\d+) of (\d+) steps ran \((\d+) sample files\) in [\d.]+ s; KMS calls \(GenerateDataKey \d+, Encrypt \d+, Decrypt \d+\) answered by LocalKms on 127\.0\.0\.1, no AWS account used$/.exec(
      summary,
    );
  expect(match).not.toBeNull();
  expect(match![1]).toBe(match![2]);
  expect(Number(match![3])).toBe(sampleFiles(SAMPLES_DIR).length);
  expect(tour.stdout).not.toContain('FAILED');
});

it('runs every sample file, showing its input and output', () => {
  for (const file of sampleFiles(SAMPLES_DIR)) expect(tour.stdout).toContain(`(${file})`);
  expect(tour.stdout).toContain('"email": "*****"');
  expect(tour.stdout).toContain('{ "postcode": 78495, "street": "*****" }');
});

it('shortens ciphertexts', () => {
  expect(tour.stdout).toMatch(/"AgV4…\(\d+ chars\)"/);
  expect(tour.stdout).not.toMatch(/[A-Za-z0-9+/]{64,}/);
});
