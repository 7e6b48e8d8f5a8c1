import { DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../errors';
import { quoteForMessage } from '../errors-format';
import { jsonView, toPublicError } from '../json/json-view';
import { type CompiledRule, RULE_KEYS, compileMaskingRule, maskLeaves, toValueMask } from '../masks/compile-rule';
import { defaultMask } from '../masks/default-mask';
import { type Automaton, automatonFor } from '../jsonpath/automaton';
import { type CompiledPath, compilePath } from '../jsonpath/compile';
import { formatLocation } from '../jsonpath/location';
import { DescendWith, PathTransformer, type Selector, type SubtreeMask } from '../jsonpath/walk';
import { assertJsonRoot, compileFields, parseIfJsonString } from './input';
import { type MissingFieldPolicy, reportMissingFields } from './missing-fields';
import { ownOptions } from '../json/own-options';

const ERASE_OPTION_KEYS = ['fields', 'maskingRules', ...RULE_KEYS] as const;

/**
 * Erases the whole payload, or the locations chosen by `fields` and `maskingRules`.
 * See {@link DataMasking.erase} for the contract.
 *
 * Overlapping selections never unmask: at a location several selections cover (the location
 * itself or an ancestor), a default mask (`'*****'`) that changes the value wins; otherwise each
 * scalar below takes the first partial mask that changes it, the deepest selection's rules first
 * (`maskingRules` in their order, then `fields`). So the result is at least as masked as under
 * any one of the selections alone.
 */
export const eraseData = (data: unknown, options: unknown, policy: MissingFieldPolicy): unknown => {
  assertJsonRoot(data);
  return planRunner(planErase(options), { missing: policy })(data);
};

/**
 * Plans of options that hold nothing but `fields`, by that array, so that the usual call
 * (`erase(data, { fields })` with one list kept by the caller) skips validation and compilation.
 * Each use compares the array's current elements with the strings the plan was made from: an
 * array changed since is planned again, never served a stale plan.
 */
const plansByFields = new WeakMap<readonly unknown[], { readonly sources: readonly string[]; readonly plan: ErasePlan }>();

/** The cached plan for these fields, if it was made from the same strings in the same order. */
const cachedFieldsPlan = (fields: readonly unknown[]): ErasePlan | undefined => {
  const entry = plansByFields.get(fields);
  if (entry === undefined || entry.sources.length !== fields.length) return undefined;
  for (let index = 0; index < fields.length; index++) {
    // Own elements only, as compileFields reads them.
    if (!Object.hasOwn(fields, index) || fields[index] !== entry.sources[index]) return undefined;
  }
  return entry.plan;
};

/**
 * Everything an erase needs that does not depend on the data: options validated, paths compiled,
 * rules chosen. {@link eraseData} plans on every call (options holding only `fields` are kept
 * by their array, see `plansByFields`); a compiled eraser plans once.
 */
export interface ErasePlan {
  /** Set when neither `fields` nor `maskingRules` is given: the rule for the whole payload. */
  readonly wholeRule: CompiledRule | undefined;
  readonly paths: readonly CompiledPath[];
  /** How many distinct paths `paths` holds (a path given twice is one). */
  readonly distinctPaths: number;
  readonly automaton: Automaton | undefined;
  readonly select: Selector;
}

/**
 * Validates the options and compiles the paths into an {@link ErasePlan}.
 * @throws DataMaskingInvalidPathError, DataMaskingInvalidOptionsError
 */
export const planErase = (options: unknown): ErasePlan => {
  const own = ownOptions(options, ERASE_OPTION_KEYS, 'erase options');
  const fields = own.fields;
  // `in` on the null-prototype record: `Object.keys` of it cost about a sixth of a small erase.
  if (!Array.isArray(fields) || ERASE_OPTION_KEYS.some((key) => key !== 'fields' && key in own)) return compilePlan(own);
  const cached = cachedFieldsPlan(fields);
  if (cached !== undefined) return cached;
  // One read of each element: the plan is compiled from exactly the strings it is kept under.
  const sources = Array.from({ length: fields.length }, (_, index) => (Object.hasOwn(fields, index) ? (fields[index] as unknown) : undefined));
  own.fields = sources;
  const plan = compilePlan(own);
  // Only a plan that compiled (all strings, all valid) is kept: a refusal is raised again next time.
  plansByFields.set(fields, { sources: sources as string[], plan });
  return plan;
};

const compilePlan = (own: Partial<Record<(typeof ERASE_OPTION_KEYS)[number], unknown>>): ErasePlan => {
  const { fields, maskingRules, ...rule } = own;
  const optionsRule = compileMaskingRule(rule, 'options', 'options');
  if (fields === undefined && maskingRules === undefined) {
    return { wholeRule: optionsRule, paths: [], distinctPaths: 0, automaton: undefined, select: (value) => value };
  }

  const rulesOf = new Map<CompiledPath, CompiledRule[]>();
  const paths: CompiledPath[] = [];
  const add = (path: CompiledPath, pathRule: CompiledRule): void => {
    paths.push(path);
    const rules = rulesOf.get(path);
    if (rules === undefined) rulesOf.set(path, [pathRule]);
    else if (!rules.includes(pathRule)) rules.push(pathRule);
  };
  for (const [source, pathRule] of ruleEntries(maskingRules)) {
    add(compilePath(source), compileMaskingRule(pathRule, `maskingRules[${quoteForMessage(source)}]`, 'rule'));
  }
  if (fields !== undefined) for (const path of compileFields(fields)) add(path, optionsRule);

  // Without maskingRules every location has the one options rule: no lookup per match.
  const onlyOptions = maskingRules === undefined ? [optionsRule] : undefined;
  const select: Selector = (value, ending, inherited) =>
    eraseLocation(value, onlyOptions ?? (ending.length === 1 ? rulesOf.get(ending[0]!)! : ending.flatMap((path) => rulesOf.get(path)!)), inherited);
  return { wholeRule: undefined, paths, distinctPaths: rulesOf.size, automaton: automatonFor(paths), select };
};

/** How {@link planRunner} treats a path that selects nothing (`undefined`: skipped without a word). */
export interface RunOptions {
  readonly missing: MissingFieldPolicy | undefined;
  /** The result may share subtrees no path reaches with the input (for values serialized at once). */
  readonly shareUnchanged?: boolean;
}

/**
 * Runs a plan, bound to one set of run options: the walk, and the missing-path check only when
 * a path matched nothing. A compiled eraser keeps the runner, so its walker is reused between
 * calls; matches are recorded only when a missing path must be reported.
 */
export const planRunner = (plan: ErasePlan, run: RunOptions): ((data: unknown) => unknown) => {
  const { wholeRule, automaton, select, paths, distinctPaths } = plan;
  if (wholeRule !== undefined) return (data) => eraseWhole(data, wholeRule);
  const transformer = new PathTransformer(automaton!, select, run.shareUnchanged === true);
  const missing = run.missing;
  if (missing === undefined) return (data) => transformer.run(documentRoot(data), undefined);
  return (data) => {
    const matched = new Set<CompiledPath>();
    const result = transformer.run(documentRoot(data), matched);
    if (matched.size < distinctPaths) reportMissingFields(paths, matched, missing);
    return result;
  };
};

/** With paths, the data (a JSON string parsed) must be an object or an array, as in Python; returns its JSON view. */
const documentRoot = (data: unknown): unknown => {
  const parsed = parseIfJsonString(data);
  let view: unknown;
  try {
    view = jsonView(parsed);
  } catch (error) {
    throw toPublicError(error, parsed, formatLocation);
  }
  if (typeof view !== 'object' || view === null) {
    throw new DataMaskingUnsupportedTypeError(
      `Cannot select fields in ${view === null ? 'null' : `a ${typeof view}`}: the data must be an object, an array or a JSON string of one`,
    );
  }
  // The view, not the data: a root's toJSON() runs once (the walk would call it again).
  return view;
};

/** What a selected location becomes, given its JSON view (the walker takes it); see {@link eraseData} for the precedence. */
const eraseLocation = (view: unknown, rules: readonly CompiledRule[], inherited: SubtreeMask | undefined): unknown => {
  let leafRules: CompiledRule[] | undefined;
  for (const rule of rules) {
    if (rule.text === undefined) {
      // The default mask replaces the whole value; a maskingRules entry leaves a null (as Python).
      const masked = rule.origin === 'rule' && view === null ? null : defaultMask(view);
      if (masked !== view) return masked;
    } else {
      (leafRules ??= []).push(rule);
    }
  }
  if (leafRules === undefined) return inherited === undefined ? view : new DescendWith(inherited);
  return leafMaskOf(leafRules, inherited).descend;
};

/** Masks the scalars of a subtree with an ordered list of leaf rules. */
class LeafMask implements SubtreeMask {
  /** The walker's instruction to go on below with this mask (one object, reused). */
  public readonly descend: DescendWith = new DescendWith(this);

  public constructor(public readonly rules: readonly CompiledRule[]) {}

  public apply(value: unknown, depth: number): unknown {
    return maskLeaves(value, this.rules, depth);
  }
}

/** One mask per rule alone (the common case: no overlap) is made once. */
const single = new WeakMap<CompiledRule, LeafMask>();

const leafMaskOf = (rules: readonly CompiledRule[], inherited: SubtreeMask | undefined): LeafMask => {
  const inheritedRules = inherited instanceof LeafMask ? inherited.rules : [];
  if (rules.length === 1 && inheritedRules.length === 0) {
    let mask = single.get(rules[0]!);
    if (mask === undefined) single.set(rules[0]!, (mask = new LeafMask(rules)));
    return mask;
  }
  return new LeafMask([...new Set([...rules, ...inheritedRules])]);
};

const eraseWhole = (data: unknown, rule: CompiledRule): unknown => {
  try {
    return toValueMask(rule)(jsonView(data));
  } catch (error) {
    throw toPublicError(error, data, formatLocation);
  }
};

const ruleEntries = (maskingRules: unknown): [string, unknown][] => {
  if (maskingRules === undefined) return [];
  if (typeof maskingRules !== 'object' || maskingRules === null || Array.isArray(maskingRules)) {
    throw new DataMaskingInvalidOptionsError('maskingRules must be an object mapping paths to rules');
  }
  const entries = Object.entries(maskingRules);
  if (entries.length === 0) throw new DataMaskingInvalidOptionsError('maskingRules is empty: omit it or give at least one path');
  return entries;
};
