/**
 * The packed library, built and `npm pack`ed once per jest run and shared by every consumer
 * test file (jest workers included): the first caller builds under a lock, the others wait.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');

/** What `npm pack --json` reports about the tarball. */
export interface PackedTarball {
  /** Absolute path of the `.tgz`. */
  readonly path: string;
  /** Bytes of the compressed tarball. */
  readonly size: number;
  /** Bytes once extracted. */
  readonly unpackedSize: number;
  /** Paths inside the package (`dist/index.js`, `package.json`, ...). */
  readonly files: readonly string[];
}

/** The per-run directory made by the jest global setup (or a fresh one outside jest). */
export const runDirectory = (): string => {
  let dir = process.env.LDM_CONSUMER_RUN_DIR;
  if (dir === undefined || !existsSync(dir)) {
    dir = mkdtempSync(join(tmpdir(), 'ldm-consumer-'));
    process.env.LDM_CONSUMER_RUN_DIR = dir;
  }
  return dir;
};

const BUILD_WAIT_MS = 240_000;
const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Build into a staging copy of the package and pack it, as `npm pack` in the repository would. */
const buildAndPack = (runDir: string): PackedTarball => {
  const stage = join(runDir, 'stage');
  mkdirSync(stage, { recursive: true });
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.js'), join(stage, 'dist')], { cwd: repoRoot, stdio: 'pipe' });
  for (const file of ['package.json', 'README.md', 'LICENSE']) {
    if (existsSync(join(repoRoot, file))) copyFileSync(join(repoRoot, file), join(stage, file));
  }
  const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', runDir], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [report] = JSON.parse(output) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  return {
    path: join(runDir, report!.filename),
    size: report!.size,
    unpackedSize: report!.unpackedSize,
    files: report!.files.map((file) => file.path),
  };
};

let cached: PackedTarball | undefined;

/**
 * The tarball for this jest run: built and packed by the first caller while the others wait.
 */
export const packedTarball = (): PackedTarball => {
  if (cached !== undefined) return cached;
  const runDir = runDirectory();
  const info = join(runDir, 'tarball.json');
  const failure = join(runDir, 'tarball.error');
  let owner = false;
  try {
    mkdirSync(join(runDir, 'tarball.lock'));
    owner = true;
  } catch {
    // another worker builds it
  }
  if (owner) {
    try {
      writeFileSync(info, JSON.stringify(buildAndPack(runDir)));
    } catch (error) {
      const detail = error instanceof Error ? `${error.message}\n${String((error as { stderr?: unknown }).stderr ?? '')}` : String(error);
      writeFileSync(failure, detail);
      throw error;
    }
  } else {
    const deadline = Date.now() + BUILD_WAIT_MS;
    while (!existsSync(info)) {
      if (existsSync(failure)) throw new Error(`building the tarball failed in another worker:\n${readFileSync(failure, 'utf8')}`);
      if (Date.now() > deadline) throw new Error('timed out waiting for another worker to pack the tarball');
      sleep(100);
    }
  }
  cached = JSON.parse(readFileSync(info, 'utf8')) as PackedTarball;
  return cached;
};
