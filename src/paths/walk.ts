import { copyJson, setMember } from '../json/copy-json';
import { MAX_DEPTH, jsonView, toPublicError, tooDeepSignal } from '../json/json-view';
import type { CompiledPath, PathState } from './compile';
import { isForbiddenKey } from './forbidden-keys';
import { type Location, formatLocation } from './location';
import { advance } from './select';

/** Computes what a matched value becomes. `path` is the highest-priority path ending there. */
export type Replacer = (value: unknown, path: CompiledPath, location: Location) => unknown;

/** The result of {@link transformPaths}: the new document and the paths that matched something. */
export interface TransformResult {
  readonly result: unknown;
  readonly matched: ReadonlySet<CompiledPath>;
}

/**
 * Copies `root` into fresh JSON data in ONE walk, replacing every location selected by `paths`
 * with `replace(value)`. Every path is matched against the input, never against a partial
 * result, so the order of `paths` never matters; when several paths select the same location
 * the first in `paths` wins; a location inside a replaced one is still recorded as matched.
 * Subtrees no path can reach are copied without any matching work.
 * @throws DataMaskingUnsupportedTypeError for data JSON cannot represent, too deep or circular.
 */
export const transformPaths = (root: unknown, paths: readonly CompiledPath[], replace: Replacer): TransformResult => {
  const walker = new Walker(root, paths, replace);
  try {
    return { result: walker.visit(root, paths.map((path) => path.initial)), matched: walker.matched };
  } catch (error) {
    throw toPublicError(error, `at ${formatLocation(walker.location)}`);
  }
};

/**
 * Every location `path` selects in `root`, in document order; matches nested inside other
 * matches are included (as jsonpath-plus does).
 * @throws DataMaskingUnsupportedTypeError for data JSON cannot represent, too deep or circular.
 */
export const selectLocations = (root: unknown, path: CompiledPath): Location[] => {
  const found: Location[] = [];
  const walker = new Walker(root, [path], (value) => value);
  try {
    if (path.initial.terminal) found.push([]);
    else walker.scan(root, [path.initial], (_path, location) => found.push([...location]));
  } catch (error) {
    throw toPublicError(error, `at ${formatLocation(walker.location)}`);
  }
  return found;
};

class Walker {
  public readonly matched = new Set<CompiledPath>();
  public readonly location: (string | number)[] = [];
  private readonly ancestors: unknown[] = [];
  private readonly priority = new Map<CompiledPath, number>();

  public constructor(
    private readonly root: unknown,
    paths: readonly CompiledPath[],
    private readonly replace: Replacer,
  ) {
    paths.forEach((path, index) => {
      if (!this.priority.has(path)) this.priority.set(path, index);
    });
  }

  /** Returns the copy of `value`, given the states it reached (terminal ones included). */
  public visit(value: unknown, states: readonly PathState[]): unknown {
    if (states.length === 0) return copyJson(value, this.ancestors);
    let winner: CompiledPath | undefined;
    let continuing = 0;
    for (let index = 0; index < states.length; index++) {
      const state = states[index]!;
      if (!state.terminal) {
        continuing++;
        continue;
      }
      this.matched.add(state.path);
      if (winner === undefined || this.priority.get(state.path)! < this.priority.get(winner)!) winner = state.path;
    }
    if (winner === undefined) return this.descend(value, states);
    if (continuing > 0) this.markMatchesWithin(value, states);
    return this.replace(value, winner, this.location);
  }

  /**
   * Records paths that select something inside a value that is replaced whole, so
   * `['address', 'address.street']` reports both as found, whatever their order.
   */
  private markMatchesWithin(value: unknown, states: readonly PathState[]): void {
    const pending = states.filter((state) => !state.terminal && !this.matched.has(state.path));
    if (pending.length > 0) this.scan(value, pending, (path) => this.matched.add(path));
  }

  private descend(value: unknown, states: readonly PathState[]): unknown {
    const view = jsonView(value);
    if (typeof view !== 'object' || view === null) return view;
    const { ancestors, location, root } = this;
    if (ancestors.length >= MAX_DEPTH) throw tooDeepSignal(ancestors);
    ancestors.push(view);
    let copy: unknown;
    if (Array.isArray(view)) {
      const array = new Array<unknown>(view.length);
      for (let index = 0; index < view.length; index++) {
        const element = view[index] === undefined ? null : view[index];
        location.push(index);
        array[index] = this.visit(element, advance(states, index, element, view, root));
        location.pop();
      }
      copy = array;
    } else {
      const object: Record<string, unknown> = {};
      const keys = Object.keys(view);
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index]!;
        const member = (view as Record<string, unknown>)[key];
        if (member === undefined) continue;
        location.push(key);
        const reached = isForbiddenKey(key) ? [] : advance(states, key, member, view, root);
        setMember(object, key, this.visit(member, reached));
        location.pop();
      }
      copy = object;
    }
    ancestors.pop();
    return copy;
  }

  /** Walks without copying, reporting each terminal state reached below `value`. */
  public scan(value: unknown, states: readonly PathState[], found: (path: CompiledPath, location: Location) => void): void {
    const view = jsonView(value);
    if (typeof view !== 'object' || view === null) return;
    const { ancestors, location, root } = this;
    if (ancestors.length >= MAX_DEPTH) throw tooDeepSignal(ancestors);
    ancestors.push(view);
    const keys: readonly (string | number)[] = Array.isArray(view) ? view.map((_, index) => index) : Object.keys(view);
    for (const key of keys) {
      const child = (view as Record<string | number, unknown>)[key];
      if (child === undefined || (typeof key === 'string' && isForbiddenKey(key))) continue;
      location.push(key);
      const reached = advance(states, key, child, view, root);
      const continuing: PathState[] = [];
      for (const state of reached) {
        if (state.terminal) found(state.path, location);
        else continuing.push(state);
      }
      if (continuing.length > 0) this.scan(child, continuing, found);
      location.pop();
    }
    ancestors.pop();
  }
}
