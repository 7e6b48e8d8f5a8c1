import type { CompiledPath, PathState } from './compile';
import type { FilterExpression } from './ast';
import { evaluateFilter } from './evaluate-filter';
import { advance } from './select';

/** Largest number of distinct keys a node remembers transitions for (documents keyed by ids stay bounded). */
const MEMO_CAPACITY = 512;

/** Up to this many distinct names, a node compares member names instead of hashing them. */
const MAX_NAMES_COMPARED = 8;

/**
 * The set of path states a location has reached, interned so that equal sets are one object.
 * Like a lazily built DFA: a node remembers, per member name, which node a child reaches, so
 * a repeated walk over similar documents does no selector matching at all.
 */
export class MatchNode {
  /** Paths that end here, each once, in the caller's order; `winner` is the first of them. */
  public readonly ending: readonly CompiledPath[];
  public readonly winner: CompiledPath | undefined;
  /** States still to match below this location. */
  public readonly continuing: readonly PathState[];
  /** No path goes on below, and none ends here: the subtree is only copied. */
  public readonly isEmpty: boolean;
  /**
   * The paths still to match below that do not also end here (`$..password` ends at a password
   * and goes on below it): once `ending` is recorded, only these can still be unmatched.
   */
  public readonly pathsOnlyBelow: readonly CompiledPath[];
  /** The last walk that recorded `ending` as matched (see the walker's `run`): a repeat is skipped. */
  public recordedBy = 0;
  /** Object members: the child's node depends on the member name alone (no filter). */
  private readonly memberMemo: Map<string, MatchNode> | undefined;
  /**
   * When every selector is a plain name (`a.b`, `$..password`): those names, then the node each
   * reaches (same index) and, after them (at `memberNames.length`), the one node every other
   * member reaches. Comparing a few strings is cheaper than a hash lookup per member, and `..`
   * walks visit every member of every object.
   */
  private readonly memberNames: readonly string[] | undefined;
  private readonly memberNameNodes: (MatchNode | undefined)[] = [];
  /**
   * A lone filter that decides alone for every child (`users[?(@.id > 50)]`): a child passes to
   * the one next node or reaches nothing, so no state set is built and interned per child.
   */
  private readonly filter: FilterExpression | undefined;
  /** Array elements: every element reaches the same node (wildcards only), computed once. */
  private readonly uniformElements: boolean;
  /**
   * The one node every array element reaches (`uniformElements`), or every child that passes the
   * lone `filter`. Starts as undefined here, not when first filled, so every node has one shape: a
   * field added later gives nodes different hidden classes, and the walker's reads turn
   * megamorphic (about 1.5x slower walks once a process has used a filter and a wildcard list).
   */
  private commonNode: MatchNode | undefined = undefined;

  public constructor(
    states: readonly PathState[],
    priority: ReadonlyMap<CompiledPath, number>,
    public readonly automaton: Automaton,
  ) {
    this.continuing = states.filter((state) => !state.terminal);
    this.ending = [...new Set(states.filter((state) => state.terminal).map((state) => state.path))].sort((a, b) => priority.get(a)! - priority.get(b)!);
    this.isEmpty = this.continuing.length === 0 && this.ending.length === 0;
    this.winner = this.ending[0];
    this.pathsOnlyBelow = [...new Set(this.continuing.map((state) => state.path))].filter((path) => !this.ending.includes(path));
    const selectors = this.continuing.flatMap((state) => state.selectors);
    this.memberMemo = selectors.some((selector) => selector.kind === 'filter') ? undefined : new Map();
    const names = [...new Set(selectors.map((selector) => (selector.kind === 'name' ? selector.name : undefined)))];
    this.memberNames = names.length <= MAX_NAMES_COMPARED && !names.includes(undefined) ? (names as string[]) : undefined;
    const [only, other] = this.continuing;
    const first = only?.selectors[0];
    this.filter = other === undefined && only?.descendant === false && only.selectors.length === 1 && first?.kind === 'filter' ? first.expression : undefined;
    this.uniformElements = selectors.every((selector) => selector.kind === 'wildcard' || (selector.kind === 'name' && !/^\d+$/.test(selector.name)));
  }

  /** The node reached by the member `key` (object) or element `key` (array) holding `child`. */
  public step(key: string | number, child: unknown, container: object, root: unknown): MatchNode {
    if (this.continuing.length === 0) return this.automaton.empty;
    if (this.filter !== undefined) {
      return evaluateFilter(this.filter, child, root) ? (this.commonNode ??= this.automaton.intern([this.continuing[0]!.next!])) : this.automaton.empty;
    }
    if (typeof key === 'number') {
      if (!this.uniformElements) return this.reach(key, child, container, root);
      return (this.commonNode ??= this.reach(key, child, container, root));
    }
    const names = this.memberNames;
    if (names !== undefined) {
      for (let index = 0; index < names.length; index++) {
        if (names[index] === key) return (this.memberNameNodes[index] ??= this.reach(key, child, container, root));
      }
      return (this.memberNameNodes[names.length] ??= this.reach(key, child, container, root));
    }
    const memo = this.memberMemo;
    if (memo === undefined) return this.reach(key, child, container, root);
    let next = memo.get(key);
    if (next === undefined) {
      next = this.reach(key, child, container, root);
      if (memo.size < MEMO_CAPACITY) memo.set(key, next);
    }
    return next;
  }

  /**
   * Member names such as `__proto__` or `constructor` are data here like any other: the walker
   * reads members of its own copies and defines them, so no name can reach a prototype.
   */
  private reach(key: string | number, child: unknown, container: object, root: unknown): MatchNode {
    return this.automaton.intern(advance(this.continuing, key, child, container, root));
  }
}

/**
 * The matcher for one ordered list of paths. Built once per distinct list and cached, so the
 * same `fields` on every invocation reuse every transition already learned.
 */
export class Automaton {
  public readonly empty: MatchNode;
  public readonly initial: MatchNode;
  private readonly nodes = new Map<string | number, MatchNode>();
  private readonly priority = new Map<CompiledPath, number>();

  public constructor(public readonly paths: readonly CompiledPath[]) {
    paths.forEach((path, index) => {
      if (!this.priority.has(path)) this.priority.set(path, index);
    });
    this.empty = this.intern([]);
    this.initial = this.intern(paths.map((path) => path.initial));
  }

  /** The one node for this set of states. */
  public intern(states: readonly PathState[]): MatchNode {
    // Most sets hold one state: look those up by id, without building a key.
    const key: string | number =
      states.length === 1
        ? states[0]!.id
        : states
            .map((state) => state.id)
            .sort((a, b) => a - b)
            .join(',');
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = new MatchNode(states, this.priority, this);
      // Past the bound, nodes are still correct, just no longer shared.
      if (this.nodes.size < MEMO_CAPACITY) this.nodes.set(key, node);
    }
    return node;
  }
}

const AUTOMATON_CACHE_CAPACITY = 256;
const automata = new Map<string, Automaton>();

/** The cached automaton for this ordered list of compiled paths. */
export const automatonFor = (paths: readonly CompiledPath[]): Automaton => {
  const key = JSON.stringify(paths.map((path) => path.source));
  let automaton = automata.get(key);
  if (automaton === undefined || automaton.paths.some((path, index) => path !== paths[index])) {
    automaton = new Automaton(paths);
    if (automata.size >= AUTOMATON_CACHE_CAPACITY) automata.delete(automata.keys().next().value as string);
    automata.set(key, automaton);
  }
  return automaton;
};
