/**
 * Secrets hygiene for the hardening campaign: canary values planted in every payload, and the
 * places they must never reach — error messages, stacks, `cause` chains, what a logged error
 * prints (`util.inspect`), warnings, console output and process.stdout / stderr writes.
 *
 * Every canary is `CANARY-<16 hex>`: detection looks for the marker `CANARY` (so even a value
 * quoted partially, as `JSON.parse` does in its messages, is caught) and for each planted
 * random token (so a canary with its prefix cut off is caught too). Nothing else in the library
 * or its dependencies writes the word.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

/** What every canary starts with; never produced by the library itself. */
export const CANARY_MARKER = 'CANARY';

/** A place where a canary was found, and a short excerpt around it. */
export interface CanaryLeak {
  readonly where: string;
  readonly excerpt: string;
}

/** The canaries of one campaign. Token lookup keeps the last `maxTokens` (older ones still match the marker). */
export class CanaryRegistry {
  readonly #tokens: string[] = [];
  readonly #maxTokens: number;
  #planted = 0;

  public constructor(maxTokens = 512) {
    this.#maxTokens = maxTokens;
  }

  /** A fresh canary value, `CANARY-<16 hex>`. */
  public next(): string {
    const token = randomBytes(8).toString('hex');
    this.#planted += 1;
    this.#tokens.push(token);
    if (this.#tokens.length > this.#maxTokens) this.#tokens.shift();
    return `${CANARY_MARKER}-${token}`;
  }

  /** How many canaries were planted. */
  public get planted(): number {
    return this.#planted;
  }

  /** The first trace of a canary in `text`: the marker, or a planted token without its marker. */
  public find(text: string): string | undefined {
    const marker = text.indexOf(CANARY_MARKER);
    if (marker >= 0) return excerpt(text, marker);
    for (const token of this.#tokens) {
      const at = text.indexOf(token);
      if (at >= 0) return excerpt(text, at);
    }
    return undefined;
  }
}

const excerpt = (text: string, at: number): string => text.slice(Math.max(0, at - 60), at + 60).replace(/\s+/g, ' ');

/**
 * Every text a thrown value exposes: for each error of the `cause` chain (and of an
 * AggregateError's `errors`), its name, message and stack; and once, `util.inspect` of the
 * whole value (what `console.error(error)` would print: own properties and causes included).
 */
export const errorTexts = (error: unknown): { where: string; text: string }[] => {
  const texts: { where: string; text: string }[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, where: string, depth: number): void => {
    if (value === undefined || value === null || seen.has(value) || depth > 16) return;
    seen.add(value);
    if (value instanceof Error) {
      texts.push({ where: `${where}.name`, text: String(value.name) });
      texts.push({ where: `${where}.message`, text: String(value.message) });
      texts.push({ where: `${where}.stack`, text: String(value.stack ?? '') });
      visit((value as { cause?: unknown }).cause, `${where}.cause`, depth + 1);
      if (value instanceof AggregateError) value.errors.forEach((inner, index) => void visit(inner, `${where}.errors[${index}]`, depth + 1));
    } else if (typeof value === 'string') {
      texts.push({ where, text: value });
    } else {
      texts.push({ where, text: safeInspect(value) });
    }
  };
  visit(error, 'error', 0);
  texts.push({ where: 'inspect(error)', text: safeInspect(error) });
  return texts;
};

const safeInspect = (value: unknown): string => {
  try {
    return inspect(value, { depth: 6, showHidden: false, maxStringLength: 100_000, breakLength: Infinity });
  } catch (failure) {
    return `<inspect failed: ${String(failure)}>`;
  }
};

/** Leaks of any canary in what a thrown value exposes. */
export const leaksInError = (registry: CanaryRegistry, error: unknown, label = 'error'): CanaryLeak[] => {
  const leaks: CanaryLeak[] = [];
  for (const { where, text } of errorTexts(error)) {
    const found = registry.find(text);
    if (found !== undefined) leaks.push({ where: `${label}: ${where}`, excerpt: found });
  }
  return leaks;
};

/** A `DataMaskingLogger` that keeps every warning (formatted as the console would) for inspection. */
export class CapturingLogger {
  public readonly warnings: string[] = [];

  public warn(message: string, ...rest: unknown[]): void {
    this.warnings.push([message, ...rest.map((part) => (typeof part === 'string' ? part : safeInspect(part)))].join(' '));
  }
}

type Writable = { write: (...args: never[]) => boolean };

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

/**
 * Records everything written through `console.*`, `process.stdout.write` and
 * `process.stderr.write` between {@link OutputWatch.start} and {@link OutputWatch.stop}, while
 * still letting it through. Used around a whole campaign: anything the library, the ESDK or the
 * AWS SDK prints (a retry warning, a deprecation notice...) is scanned for canaries.
 */
export class OutputWatch {
  public readonly writes: { channel: string; text: string }[] = [];
  #restore: (() => void)[] = [];

  public start(): this {
    if (this.#restore.length > 0) return this;
    for (const method of CONSOLE_METHODS) {
      const target = console as unknown as Record<string, (...args: unknown[]) => void>;
      const original = target[method];
      if (typeof original !== 'function') continue;
      target[method] = (...args: unknown[]) => {
        this.writes.push({ channel: `console.${method}`, text: args.map((part) => (typeof part === 'string' ? part : safeInspect(part))).join(' ') });
        original.apply(console, args);
      };
      this.#restore.push(() => {
        target[method] = original;
      });
    }
    for (const [channel, stream] of [
      ['process.stdout', process.stdout],
      ['process.stderr', process.stderr],
    ] as const) {
      const writable = stream as unknown as Writable;
      const original = writable.write;
      writable.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.writes.push({ channel, text: typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk) });
        return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as Writable['write'];
      this.#restore.push(() => {
        writable.write = original;
      });
    }
    return this;
  }

  public stop(): void {
    for (const restore of this.#restore.reverse()) restore();
    this.#restore = [];
  }

  public leaks(registry: CanaryRegistry): CanaryLeak[] {
    const leaks: CanaryLeak[] = [];
    for (const { channel, text } of this.writes) {
      const found = registry.find(text);
      if (found !== undefined) leaks.push({ where: channel, excerpt: found });
    }
    return leaks;
  }
}

/**
 * One campaign's hygiene ledger: the canaries, every error and warning seen, and the output
 * watch. {@link SecretsLedger.leaks} lists every place a canary reached.
 */
export class SecretsLedger {
  public readonly canaries = new CanaryRegistry();
  public readonly logger = new CapturingLogger();
  public readonly output = new OutputWatch();
  #errorsScanned = 0;
  readonly #errorLeaks: CanaryLeak[] = [];

  /** Scans a thrown value now (errors are not kept, so a 10,000-error campaign stays small). */
  public recordError(error: unknown, label: string): CanaryLeak[] {
    this.#errorsScanned += 1;
    const leaks = leaksInError(this.canaries, error, label);
    this.#errorLeaks.push(...leaks.slice(0, 5));
    return leaks;
  }

  public get errorsScanned(): number {
    return this.#errorsScanned;
  }

  public get warningsScanned(): number {
    return this.logger.warnings.length;
  }

  public leaks(): CanaryLeak[] {
    const warningLeaks: CanaryLeak[] = [];
    for (const warning of this.logger.warnings) {
      const found = this.canaries.find(warning);
      if (found !== undefined) warningLeaks.push({ where: 'logger.warn', excerpt: found });
    }
    return [...this.#errorLeaks, ...warningLeaks, ...this.output.leaks(this.canaries)];
  }
}
