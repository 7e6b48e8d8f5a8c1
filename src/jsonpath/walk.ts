import { copyJson, isObjectPrototypeClean } from '../json/copy-json';
import { MAX_DEPTH, jsonView, toPublicError, tooDeepSignal } from '../json/json-view';
import { type Automaton, type MatchNode, automatonFor } from './automaton';
import type { CompiledPath } from './compile';
import { type Location, formatLocation } from './location';

/** Computes what a matched value (its JSON view) becomes. `path` is the highest-priority path ending there. */
export type Replacer = (value: unknown, path: CompiledPath, location: Location) => unknown;

/**
 * Masks every scalar of a subtree (a fresh copy, objects and arrays kept): what a location
 * under a partial mask (`dynamicMask`, ...) becomes where no further path reaches.
 */
export interface SubtreeMask {
  apply(value: unknown, depth: number): unknown;
}

/** Returned by a {@link Selector}: keep walking below the location, masking its scalars with `mask`. */
export class DescendWith {
  public constructor(public readonly mask: SubtreeMask) {}
}

/**
 * Decides what a selected location (its JSON view) becomes: its replacement, or {@link DescendWith} to walk on
 * below it (deeper paths still apply) with a mask for its scalars. `ending` lists the paths that
 * end here in priority order; `inherited` is the mask set by a selected ancestor, if any.
 */
export type Selector = (value: unknown, ending: readonly CompiledPath[], inherited: SubtreeMask | undefined, location: Location) => unknown;

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
  const matched = new Set<CompiledPath>();
  const select: Selector = (value, ending, _inherited, location) => replace(value, ending[0]!, location);
  return { result: new PathTransformer(automatonFor(paths), select, false).run(root, matched), matched };
};

/**
 * One automaton and selector, bound once, for a hot path such as a log formatter: each run
 * reuses the same walker (a walk re-entered from inside, through a `toJSON()` that logs, gets
 * its own) and records matches only when the caller asks.
 */
export class PathTransformer {
  private idle: Walker | undefined;

  public constructor(
    private readonly automaton: Automaton,
    private readonly select: Selector,
    private readonly shareUnchanged: boolean,
  ) {}

  /**
   * The transformed copy of `root`; the paths that matched are added to `matched` when given.
   * @throws DataMaskingUnsupportedTypeError for data JSON cannot represent, too deep or circular.
   */
  public run(root: unknown, matched: Set<CompiledPath> | undefined): unknown {
    const walker = this.idle ?? new Walker(this.select, this.shareUnchanged);
    this.idle = undefined;
    walker.start(root, matched);
    try {
      return walker.visit(root, this.automaton.initial, undefined);
    } catch (error) {
      throw toPublicError(error, root, formatLocation);
    } finally {
      walker.start(undefined, undefined); // holds nothing of the data between runs
      this.idle = walker;
    }
  }
}

/**
 * Every location `path` selects in `root`, in document order; matches nested inside other
 * matches are included (as jsonpath-plus does).
 * @throws DataMaskingUnsupportedTypeError for data JSON cannot represent, too deep or circular.
 */
export const selectLocations = (root: unknown, path: CompiledPath): Location[] => {
  const found: Location[] = [];
  const walker = new Walker((value) => value);
  walker.start(root, undefined);
  const initial = automatonFor([path]).initial;
  try {
    if (initial.ending.length > 0) found.push([]);
    walker.scan(root, initial, (_path, location) => found.push([...location]));
  } catch (error) {
    throw toPublicError(error, root, formatLocation);
  }
  return found;
};

/** How many walks that record matches have started (each takes the next number). */
let runs = 0;

class Walker {
  /** Where the paths that matched are recorded (`undefined`: nobody asked). */
  private matched: Set<CompiledPath> | undefined;
  /**
   * This walk's number: a node records its ending paths once per walk, not at every location it
   * matches (a walk inside the walk, through a `toJSON()`, has its own number).
   */
  private run = 0;
  /** The keys from the root to the node being visited; its length is the depth. */
  public readonly location: (string | number)[] = [];
  private root: unknown;

  public constructor(
    private readonly select: Selector,
    /** Subtrees no path reaches are returned as they are, not copied (a log record is serialized at once). */
    private readonly shareUnchanged = false,
  ) {}

  /** Prepares a walk of `root` (or, with `undefined`, lets go of the last one). */
  public start(root: unknown, matched: Set<CompiledPath> | undefined): void {
    this.root = root;
    this.matched = matched;
    if (matched !== undefined) this.run = ++runs;
    if (this.location.length > 0) this.location.length = 0; // left over by a walk that threw
  }

  /** A subtree no path reaches: masked by the mask set above, else copied (or shared, when the caller allows it). */
  private unreached(value: unknown, depth: number, inherited: SubtreeMask | undefined): unknown {
    return inherited !== undefined ? inherited.apply(value, depth) : this.shareUnchanged ? value : copyJson(value, depth);
  }

  /** Returns the copy of `value`, given the node of path states it reached and the mask set above. */
  public visit(value: unknown, node: MatchNode, inherited: SubtreeMask | undefined): unknown {
    if (node.isEmpty) return this.unreached(value, this.location.length, inherited);
    // The view once, for the selector and whatever follows: a toJSON() runs once per location.
    const view = jsonView(value);
    const ending = node.ending;
    if (ending.length === 0) return this.descend(view, node, inherited);
    const matched = this.matched;
    if (matched !== undefined && node.recordedBy !== this.run) {
      node.recordedBy = this.run;
      for (let index = 0; index < ending.length; index++) matched.add(ending[index]!);
    }
    const outcome = this.select(view, ending, inherited, this.location);
    if (outcome instanceof DescendWith) {
      if (node.continuing.length === 0) return outcome.mask.apply(view, this.location.length);
      return this.descend(view, node, outcome.mask);
    }
    if (matched !== undefined && node.pathsOnlyBelow.length > 0) this.markMatchesWithin(view, node, matched);
    return outcome;
  }

  /**
   * Records paths that select something inside a value that is replaced whole, so
   * `['address', 'address.street']` reports both as found, whatever their order.
   */
  private markMatchesWithin(value: unknown, node: MatchNode, matched: Set<CompiledPath>): void {
    if (node.pathsOnlyBelow.some((path) => !matched.has(path))) this.scan(value, node, (path) => matched.add(path));
  }

  /** Copies below `view` (a JSON view, which {@link visit} took). */
  private descend(view: unknown, node: MatchNode, inherited: SubtreeMask | undefined): unknown {
    const { location, root } = this;
    const depth = location.length;
    if (typeof view !== 'object' || view === null) return this.unreached(view, depth, inherited);
    if (depth >= MAX_DEPTH) throw tooDeepSignal();
    if (Array.isArray(view)) {
      const length = view.length;
      const array = new Array<unknown>(length);
      for (let index = 0; index < length; index++) {
        const raw = view[index]; // read once: a getter could answer differently twice
        const element = raw === undefined ? null : raw;
        const reached = node.step(index, element, view, root);
        if (reached.winner === undefined && (reached.isEmpty || typeof element !== 'object' || element === null)) {
          array[index] = this.unreached(element, depth + 1, inherited); // nothing ends here, and a scalar has nothing below
          continue;
        }
        location.push(index);
        array[index] = this.visit(element, reached, inherited);
        location.pop();
      }
      return array;
    }
    // Start from a spread copy (fast), then replace what the paths reach and copy the rest.
    const object: Record<string, unknown> = { ...view };
    // for-in (V8 reads each member by its slot) lists inherited members last: skipped when Object.prototype has some.
    const clean = isObjectPrototypeClean();
    for (const key in object) {
      if (!clean && !Object.hasOwn(object, key)) continue;
      const value = object[key];
      const type = typeof value;
      // JSON drops an undefined member: no path may select it, no filter test it.
      if (type === 'undefined') {
        delete object[key];
        continue;
      }
      const reached = node.step(key, value, view, root);
      // The common case inline: a JSON scalar no path ends at stays as the spread copied it.
      if (reached.winner === undefined && inherited === undefined && (type === 'string' || type === 'number' || type === 'boolean')) continue;
      this.member(object, key, value, reached, depth, inherited);
    }
    return object;
  }

  /** Finishes one (defined) member of an object's spread copy: copied, replaced or walked. */
  private member(object: Record<string, unknown>, key: string, value: unknown, reached: MatchNode, depth: number, inherited: SubtreeMask | undefined): void {
    // Plain assignment is safe even for `__proto__`: the spread made it an own data member.
    // Nothing ends here, and nothing lies below (no path goes on, or the value is a scalar): only copy
    // (a value JSON cannot hold throws).
    if (reached.winner === undefined && (reached.isEmpty || typeof value !== 'object' || value === null)) {
      object[key] = this.unreached(value, depth + 1, inherited);
      return;
    }
    this.location.push(key);
    object[key] = this.visit(value, reached, inherited);
    this.location.pop();
  }

  /** Walks below `value` without copying, reporting each path that ends at a location. */
  public scan(value: unknown, node: MatchNode, found: (path: CompiledPath, location: Location) => void): void {
    const view = jsonView(value);
    if (typeof view !== 'object' || view === null) return;
    const { location, root } = this;
    if (location.length >= MAX_DEPTH) throw tooDeepSignal();
    const keys: readonly (string | number)[] = Array.isArray(view) ? view.map((_, index) => index) : Object.keys(view);
    for (const key of keys) {
      const child = (view as Record<string | number, unknown>)[key];
      if (child === undefined) continue;
      location.push(key);
      const reached = node.step(key, child, view, root);
      for (const path of reached.ending) found(path, location);
      if (reached.continuing.length > 0) this.scan(child, reached, found);
      location.pop();
    }
  }
}
