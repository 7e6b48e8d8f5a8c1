/**
 * Consumer projects installed from the npm registry, for the support matrix (test/consumer/matrix-*):
 * unlike `consumerProject` (which links this repository's copies), the versions under test are
 * installed by `npm install`, next to the packed tarball (`file:`), as a user's project gets them.
 *
 * Each project is installed once per jest run. Installs run as child processes, so a test file
 * starts all of its projects at once and they download side by side. npm's cache is a directory
 * inside the run directory (removed with it): nothing is cached outside it between runs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsumerProject, type RunResult } from './consumer';
import { packedTarball, runDirectory } from './tarball';

/**
 * Which versions a matrix test file covers: `full` under `npm run test:matrix`
 * (`LDM_MATRIX=full`), else `default` (one representative version per package, in `npm test`).
 */
export const matrixVersions = <T>(versions: { readonly default: readonly T[]; readonly full: readonly T[] }): readonly T[] =>
  process.env.LDM_MATRIX === 'full' ? versions.full : versions.default;

/** Per test and hook of a matrix file: installs from the registry take minutes on a busy machine. */
export const MATRIX_TIMEOUT_MS = 600_000;

const run = (command: string, args: readonly string[], cwd: string): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

/** `npm install` in `dir` with the run's own cache; rejects with npm's output on failure. */
export const npmInstall = async (dir: string, specs: readonly string[]): Promise<void> => {
  const result = await run(
    'npm',
    ['install', '--cache', join(runDirectory(), 'npm-cache'), '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error', ...specs],
    dir,
  );
  if (result.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed in ${dir}\n${result.stdout}\n${result.stderr}`);
};

export interface RegistryProjectOptions {
  /** Directory name inside the run directory, e.g. `middy-4`. */
  readonly name: string;
  /** npm install specs, e.g. `['@middy/core@4']`; the packed library is added. */
  readonly install: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
  /** Members merged into the project's `package.json` (e.g. `{ type: 'module' }`). */
  readonly packageJson?: Readonly<Record<string, unknown>>;
}

/** A fresh project with the packed library and `install` installed from the registry. */
export const registryProject = async (options: RegistryProjectOptions): Promise<ConsumerProject> => {
  const dir = join(runDirectory(), options.name);
  mkdirSync(dir, { recursive: true });
  const project = new ConsumerProject(dir);
  project.write({
    'package.json': `${JSON.stringify({ name: options.name, version: '1.0.0', private: true, ...options.packageJson }, null, 2)}\n`,
    ...options.files,
  });
  await npmInstall(dir, [packedTarball().path, ...options.install]);
  return project;
};

/** A directory holding only `typescript@version`, installed from the registry; resolves to its `tsc`. */
export const installTypeScript = async (version: string): Promise<string> => {
  const dir = join(runDirectory(), `typescript-${version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  await npmInstall(dir, [`typescript@${version}`]);
  return join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
};
