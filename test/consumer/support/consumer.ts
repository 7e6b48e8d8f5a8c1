/**
 * Fresh consumer projects for tests that use the library as its users do: from the packed
 * tarball (its own package.json, `exports` and files), in a temporary directory outside this
 * repository, so nothing resolves through the repository's sources or node_modules by accident.
 *
 * The library is extracted from the tarball into `node_modules/lambda-data-masking`; every other
 * package (its dependencies, peers and the tools) is a symlink to this repository's installed
 * copy: a fresh `npm install` of the same versions costs seconds to minutes per project on a
 * busy machine, a link costs microseconds, and the resolution rules are the same (Node and the
 * bundlers follow the link to the real path). A package not listed in `deps` is not there.
 */
import { type SpawnSyncReturns, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packedTarball, repoRoot, runDirectory } from './tarball';

export const LIBRARY = 'lambda-data-masking';

/**
 * Per test and hook, for consumer test files (`jest.setTimeout(CONSUMER_TIMEOUT_MS)`): the first
 * hook may build and pack the library, and compiling takes long on a busy machine.
 */
export const CONSUMER_TIMEOUT_MS = 300_000;

/** A command-line tool installed in this repository (e.g. `attw`, `publint`), to run on a tarball. */
export const repoRootNodeModulesBin = (name: string): string => join(repoRoot, 'node_modules', '.bin', name);

export interface ConsumerProjectOptions {
  /** Packages installed next to the library, e.g. `['typescript', '@types/node', 'esbuild']`. */
  readonly deps?: readonly string[];
  /** Files to write, relative to the project root. */
  readonly files?: Readonly<Record<string, string>>;
  /** Written as `tsconfig.json` when given (the whole file, not merged). */
  readonly tsconfig?: Readonly<Record<string, unknown>>;
  /** Members merged into the project's `package.json` (e.g. `{ type: 'module' }`). */
  readonly packageJson?: Readonly<Record<string, unknown>>;
  /** Install the library (default true); false for a project that only links `deps`. */
  readonly library?: boolean;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly input?: string;
  readonly cwd?: string;
}

export interface EsbuildOptions {
  readonly format: 'cjs' | 'esm';
  /** Output file relative to the project (default `out/<entry name>.<format>.{js|mjs}`). */
  readonly outfile?: string;
  readonly minify?: boolean;
  /** Packages left out of the bundle, e.g. `['@aws-sdk/*']`. */
  readonly external?: readonly string[];
  readonly mainFields?: readonly string[];
  readonly conditions?: readonly string[];
  readonly platform?: 'node' | 'neutral';
  /** More esbuild command-line flags. */
  readonly flags?: readonly string[];
}

export interface BundleResult {
  /** Absolute path of the bundle. */
  readonly outfile: string;
  /** Size of the bundle in bytes. */
  readonly bytes: number;
  /** Every input file with code in the bundle (paths relative to the project, symlinks resolved). */
  readonly inputs: readonly string[];
  readonly warnings: string;
}

const linkDependency = (nodeModules: string, name: string): void => {
  const source = join(repoRoot, 'node_modules', name);
  if (!existsSync(source)) throw new Error(`consumer dependency ${name} is not installed in this repository (add it to devDependencies)`);
  const target = join(nodeModules, name);
  if (existsSync(target)) return;
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(realpathSync(source), target, 'dir');
};

const ensureOk = (what: string, result: RunResult): RunResult => {
  if (result.status !== 0) {
    throw new Error(`${what} exited with ${String(result.status)}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
};

export class ConsumerProject {
  public constructor(public readonly dir: string) {}

  /** Absolute path of a file in the project. */
  public path(relative: string): string {
    return join(this.dir, relative);
  }

  public write(files: Readonly<Record<string, string>>): this {
    for (const [relative, text] of Object.entries(files)) {
      mkdirSync(dirname(this.path(relative)), { recursive: true });
      writeFileSync(this.path(relative), text);
    }
    return this;
  }

  public read(relative: string): string {
    return readFileSync(this.path(relative), 'utf8');
  }

  /** Runs a program in the project directory; never throws on a non-zero exit (see `runOk`). */
  public run(command: string, args: readonly string[], options: RunOptions = {}): RunResult {
    const result: SpawnSyncReturns<string> = spawnSync(command, args, {
      cwd: options.cwd ?? this.dir,
      encoding: 'utf8',
      input: options.input,
      env: { ...process.env, NODE_OPTIONS: '', ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error !== undefined) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  public runOk(command: string, args: readonly string[], options?: RunOptions): RunResult {
    return ensureOk(`${command} ${args.join(' ')}`, this.run(command, args, options));
  }

  /** `node <file> ...args` with this machine's Node; never throws on a non-zero exit. */
  public node(file: string, args: readonly string[] = [], options?: RunOptions): RunResult {
    return this.run(process.execPath, [file, ...args], options);
  }

  public nodeOk(file: string, args: readonly string[] = [], options?: RunOptions): RunResult {
    return ensureOk(`node ${file}`, this.node(file, args, options));
  }

  /** `tsc` from the project's own `typescript` (needs `typescript` in `deps`); never throws. */
  public tsc(args: readonly string[] = ['-p', '.']): RunResult {
    return this.node(this.toolPath('typescript/bin/tsc'), args);
  }

  /** {@link tsc} without blocking: run several compilations side by side. */
  public tscAsync(args: readonly string[] = ['-p', '.']): Promise<RunResult> {
    return this.nodeAsync(this.toolPath('typescript/bin/tsc'), args);
  }

  /** `node <file> ...args` without blocking, in the project directory; never throws on a non-zero exit. */
  public nodeAsync(file: string, args: readonly string[] = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [file, ...args], { cwd: this.dir, env: { ...process.env, NODE_OPTIONS: '' } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  public tscOk(args?: readonly string[]): RunResult {
    return ensureOk('tsc', this.tsc(args));
  }

  /** Bundles `entry` with the project's own `esbuild` (needs `esbuild` in `deps`); throws on failure. */
  public esbuild(entry: string, options: EsbuildOptions): BundleResult {
    const name = entry.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
    const outfile = this.path(options.outfile ?? `out/${name}.${options.format}${options.format === 'esm' ? '.mjs' : '.js'}`);
    const metafile = `${outfile}.meta.json`;
    const args = [
      entry,
      '--bundle',
      `--platform=${options.platform ?? 'node'}`,
      `--format=${options.format}`,
      `--outfile=${outfile}`,
      `--metafile=${metafile}`,
      '--log-level=warning',
      ...(options.minify === true ? ['--minify'] : []),
      ...(options.external ?? []).map((pattern) => `--external:${pattern}`),
      ...(options.mainFields === undefined ? [] : [`--main-fields=${options.mainFields.join(',')}`]),
      ...(options.conditions === undefined ? [] : [`--conditions=${options.conditions.join(',')}`]),
      ...(options.flags ?? []),
    ];
    const result = ensureOk('esbuild', this.run(this.toolPath('esbuild/bin/esbuild'), args));
    const meta = JSON.parse(readFileSync(metafile, 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
    const [output] = Object.values(meta.outputs);
    // What ended up in the bundle: esbuild also lists files it parsed and then tree-shook away (0 bytes).
    const inputs = Object.entries(output!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file);
    return { outfile, bytes: statSync(outfile).size, inputs, warnings: result.stderr };
  }

  /** Deletes the project directory (the run directory is removed by the global teardown anyway). */
  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private toolPath(relative: string): string {
    const path = this.path(join('node_modules', relative));
    if (!existsSync(path)) throw new Error(`${relative.split('/')[0]} is not in this consumer project's deps`);
    return path;
  }
}

/**
 * A fresh project in a temporary directory with the packed library installed from the tarball
 * (plus its `dependencies`) and the given `deps` linked.
 *
 * @example
 * const project = consumerProject({
 *   deps: ['typescript', '@types/node', 'esbuild'],
 *   files: { 'src/handler.ts': "import { DataMasking } from 'lambda-data-masking';" },
 *   tsconfig: { compilerOptions: { module: 'nodenext', strict: true, noEmit: true }, include: ['src'] },
 * });
 * project.tscOk();
 */
export const consumerProject = (options: ConsumerProjectOptions = {}): ConsumerProject => {
  const dir = mkdtempSync(join(runDirectory(), 'project-'));
  const project = new ConsumerProject(dir);
  const nodeModules = join(dir, 'node_modules');
  mkdirSync(nodeModules, { recursive: true });
  const dependencies: string[] = [...(options.deps ?? [])];
  if (options.library !== false) {
    const libraryDir = join(nodeModules, LIBRARY);
    mkdirSync(libraryDir, { recursive: true });
    execFileSync('tar', ['-xzf', packedTarball().path, '-C', libraryDir, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(libraryDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    dependencies.push(...Object.keys(manifest.dependencies ?? {}));
  }
  for (const name of dependencies) linkDependency(nodeModules, name);
  project.write({
    'package.json': `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, ...options.packageJson }, null, 2)}\n`,
    ...(options.tsconfig === undefined ? {} : { 'tsconfig.json': `${JSON.stringify(options.tsconfig, null, 2)}\n` }),
    ...options.files,
  });
  return project;
};
