import type { ParsedPath, Selector } from './ast';
import { parsePath } from './parse-path';

/**
 * One position in a compiled path: the selectors still to match. States are linked into a
 * chain ending in a terminal state; the walker advances documents through them, so a path is
 * interpreted without re-reading its text.
 */
export interface PathState {
  /** Unique per state, so sets of states can be interned. */
  readonly id: number;
  readonly path: CompiledPath;
  readonly terminal: boolean;
  /** `..`: the selectors apply to every descendant, not only to children. */
  readonly descendant: boolean;
  readonly selectors: readonly Selector[];
  /** The state a child reaches when it matches `selectors` (undefined when terminal). */
  readonly next: PathState | undefined;
}

/** A parsed path ready to run: its first state and its source text. */
export interface CompiledPath {
  readonly source: string;
  readonly parsed: ParsedPath;
  readonly initial: PathState;
}

let nextStateId = 0;

const compile = (parsed: ParsedPath): CompiledPath => {
  const path = { source: parsed.source, parsed } as { source: string; parsed: ParsedPath; initial: PathState };
  let state: PathState = { id: nextStateId++, path, terminal: true, descendant: false, selectors: [], next: undefined };
  for (let index = parsed.segments.length - 1; index >= 0; index--) {
    const segment = parsed.segments[index]!;
    state = { id: nextStateId++, path, terminal: false, descendant: segment.descendant, selectors: segment.selectors, next: state };
  }
  path.initial = state;
  return path;
};

/** How many compiled paths are kept; the oldest is dropped first when full. */
export const PATH_CACHE_CAPACITY = 1024;

const cache = new Map<string, CompiledPath>();
let parseCount = 0;

/**
 * Parses and compiles `source` once; later calls with the same text reuse the result
 * (a bounded cache, so a stream of distinct paths cannot grow memory without limit).
 * @throws DataMaskingInvalidPathError
 */
export const compilePath = (source: string): CompiledPath => {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  parseCount++;
  const compiled = compile(parsePath(source));
  if (cache.size >= PATH_CACHE_CAPACITY) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
};

/** How many times a path was parsed since the process started: a counter for tests and benchmarks. */
export const getPathParseCount = (): number => parseCount;
