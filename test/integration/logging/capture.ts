/** Helpers for the logger tests: a stream that keeps what a logger really wrote, and canaries. */
import { Writable } from 'node:stream';

/** A writable stream collecting every chunk written to it, as text. */
export class CapturedStream extends Writable {
  public readonly chunks: string[] = [];

  public override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }

  /** Everything written so far. */
  public get text(): string {
    return this.chunks.join('');
  }

  /** Each written line, parsed as JSON. */
  public get records(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** A value that must never reach a log line once its path is masked. */
export const canary = (name: string): string => `CANARY-${name}-7f3a`;

/** Every canary that appears in `text`. */
export const canariesIn = (text: string): string[] => text.match(/CANARY-[\w-]+?-7f3a/g) ?? [];

/** Captures what is written to process.stdout and process.stderr while `run` runs. */
export const captureStdio = async (run: () => unknown): Promise<{ stdout: string; stderr: string }> => {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(chunk.toString());
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(chunk.toString());
    return true;
  });
  try {
    await run();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return { stdout: out.join(''), stderr: err.join('') };
};
