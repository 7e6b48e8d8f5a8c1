/**
 * fast-check generators shared by the property tests: small JSON documents whose keys come from
 * a tiny alphabet (so random paths hit), and random JSONPath ASTs that print two ways:
 *
 * - `printPath`: our syntax, exercising its variants (with or without `$`, dot or bracket,
 *   single or double quotes, `[?(...)]` or RFC 9535 `[?...]`, minimal or redundant parentheses);
 * - `printOraclePath`: the same query for jsonpath-plus 10 (eval 'safe'), written so that its
 *   JavaScript-flavoured filters compute OUR (RFC 9535) semantics. See `printOracleExpression`.
 *
 * jsonpath-plus quirks worked around in the oracle's path or answer (ours follows RFC 9535):
 * - `[-1]` selects nothing there (read as a member named "-1"): printed as the slice `[-1:]`;
 * - quoted unions `['x','y']` select nothing there: printed unquoted `[x,y]`;
 * - existence `[?(@.b)]` is JS truthiness there: printed `!== undefined`; `==` is loose and `<`
 *   coerces (`null < 1`): printed `===` and type-guarded comparisons (see printOracleExpression);
 * - an index applies to strings there (`$.a[0]` on "xy" gives "x"): dropped from its answers by
 *   the differential test (such "locations" are not nodes of the document).
 *
 * Deliberately absent from generation (documented jsonpath-plus quirks or oracle limits):
 * - the keys `*`, `length`, `-1`, and keys with quotes, dots, commas, `]` or `@` (jsonpath-plus
 *   splits paths with regular expressions; its answers print `$['a'][0]` without escaping);
 * - a slice end of 0: jsonpath-plus reads `[1:0]` as `[1:]` (`parseInt('0') || len`);
 * - negative slice steps: jsonpath-plus's slice pattern only accepts unsigned steps;
 * - filters inside unions (`[0,?(...)]`): jsonpath-plus splits unions on commas, filters included;
 * - `==`/`!=` between two queries: ours is deep equality (RFC 9535), JS `===` is identity.
 */
import fc from 'fast-check';
import { enableRegex } from 'lambda-data-masking';

// The generated paths hold `=~` filters, an opt-in: every property test using them has it enabled.
enableRegex();

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Member names used in documents and paths. `d e` needs brackets, `f-g` is a valid dot name;
 * `0` and `1` exercise the agreed cross-overs: an index `[0]` on an object selects its member "0",
 * a name `.0` / `['0']` on an array selects its element 0 (both engines agree on these).
 */
export const KEYS = ['a', 'b', 'c', 'd e', 'f-g', '0', '1'] as const;
/** String values (also string literals and regex targets in filters). */
export const STRINGS = ['x', 'y', 'X', 'x y', '', 'xy'] as const;

const DOT_NAME = /^[A-Za-z_][\w-]*$/;

export const jsonLeaf: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(1.5, -1) },
  { weight: 3, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const documents = fc.letrec<{ value: Json; object: Json; array: Json; root: Json }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'json', withCrossShrink: true },
    { weight: 3, arbitrary: jsonLeaf },
    { weight: 3, arbitrary: tie('object') },
    { weight: 2, arbitrary: tie('array') },
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { minKeys: 1, maxKeys: 5, noNullPrototype: true, depthIdentifier: 'json' }),
  array: fc.array(tie('value'), { maxLength: 4, depthIdentifier: 'json' }),
  root: fc.oneof(tie('object'), fc.array(tie('value'), { minLength: 1, maxLength: 4, depthIdentifier: 'json' })),
}));

/** A JSON document whose root is an object or an array, at most ~5 levels deep. */
export const jsonDocument: fc.Arbitrary<Json> = documents.root;

// ---------------------------------------------------------------------------------------------
// Path ASTs (test-local; independent of the engine's own AST)
// ---------------------------------------------------------------------------------------------

export type Literal = string | number | boolean | null;
export interface Query {
  readonly kind: 'query';
  readonly root: boolean;
  readonly keys: readonly (string | number)[];
  readonly dotted: boolean;
}
export interface LiteralOperand {
  readonly kind: 'literal';
  readonly value: Literal;
}
export type Operand = Query | LiteralOperand;
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Expression =
  | { readonly kind: 'or' | 'and'; readonly left: Expression; readonly right: Expression; readonly parens: boolean }
  | { readonly kind: 'not'; readonly operand: Expression }
  | { readonly kind: 'exists'; readonly query: Query }
  | { readonly kind: 'compare'; readonly operator: ComparisonOperator; readonly left: Operand; readonly right: Operand; readonly compact: boolean }
  | { readonly kind: 'match'; readonly query: Query; readonly body: string; readonly flags: '' | 'i' };

export type Selector =
  | { readonly kind: 'name'; readonly key: string; readonly quote: "'" | '"' }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number; readonly step?: number }
  | { readonly kind: 'filter'; readonly expression: Expression; readonly rfcStyle: boolean };

export interface Segment {
  readonly descendant: boolean;
  readonly selectors: readonly Selector[];
  /** Print a single name or wildcard in dot notation (`.a`, `..*`) rather than brackets. */
  readonly dotted: boolean;
}

export interface PathAst {
  readonly segments: readonly Segment[];
  /** Print without the leading `$` when the first segment allows it (`a.b`, `*.a`). */
  readonly omitDollar: boolean;
}

// --- generators ------------------------------------------------------------------------------

const quoteArbitrary = fc.constantFrom<"'" | '"'>("'", '"');
const REGEX_BODIES = ['x', '^x', 'y$', '^$', 'x y', 'X', '^x.', '[xy]'] as const;
const DEFAULT_LITERALS: readonly Literal[] = [0, 1, 2, 3, 1.5, -1, ...STRINGS, true, false, null];

export interface PathOptions {
  /** Generate filter segments (default true). */
  readonly filters?: boolean;
  /** At most this many segments (default 3). */
  readonly maxSegments?: number;
  /** Member names to draw from (default {@link KEYS}); pass a document's own keys to hit more often. */
  readonly keys?: readonly string[];
  /** Filter literals to draw from (default: the values documents hold). */
  readonly literals?: readonly Literal[];
}

/** Keys and scalar values found in a document: pools that make random paths select something. */
export const poolsOf = (json: Json): { keys: string[]; literals: Literal[] } => {
  const keys = new Set<string>();
  const literals = new Set<Literal>();
  const visit = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      for (const [k, member] of Object.entries(value)) {
        keys.add(k);
        visit(member);
      }
    } else literals.add(value);
  };
  visit(json);
  return { keys: [...keys], literals: [...literals] };
};

interface Grammar {
  readonly expression: fc.Arbitrary<Expression>;
  readonly anySelectors: fc.Arbitrary<Selector[]>;
  readonly path: fc.Arbitrary<PathAst>;
}

const grammar = (options: PathOptions): Grammar => {
  const keyPool = options.keys !== undefined && options.keys.length > 0 ? options.keys : KEYS;
  // Mostly the given keys, sometimes any key (so misses are generated too).
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keyPool) }, { weight: 1, arbitrary: fc.constantFrom(...KEYS) });
  const literalPool = options.literals !== undefined && options.literals.length > 0 ? options.literals : DEFAULT_LITERALS;
  const literal: fc.Arbitrary<Literal> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...literalPool) },
    { weight: 1, arbitrary: fc.constantFrom(...DEFAULT_LITERALS) },
  );
  const literalOperand = literal.map((value): LiteralOperand => ({ kind: 'literal', value }));

  const queryKey = fc.oneof({ weight: 5, arbitrary: key }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 1 }) });
  const query: fc.Arbitrary<Query> = fc.record({
    kind: fc.constant('query' as const),
    root: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    keys: fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      { weight: 4, arbitrary: fc.tuple(queryKey) },
      { weight: 1, arbitrary: fc.tuple(queryKey, queryKey) },
    ),
    dotted: fc.boolean(),
  });
  /** Existence of bare `@` is always true, so existence tests read at least one member. */
  const memberQuery = query.filter((q) => q.keys.length > 0);

  const comparison: fc.Arbitrary<Expression> = fc.oneof(
    // query (==|!=) literal, either side first
    fc
      .record({
        operator: fc.constantFrom<ComparisonOperator>('==', '!='),
        pair: fc.tuple(query, literalOperand, fc.boolean()),
        compact: fc.boolean(),
      })
      .map(
        ({ operator, pair: [q, l, swap], compact }): Expression => ({
          kind: 'compare',
          operator,
          compact,
          left: swap ? l : q,
          right: swap ? q : l,
        }),
      ),
    // query (<|<=|>|>=) (literal|query), either side first
    fc
      .record({
        operator: fc.constantFrom<ComparisonOperator>('<', '<=', '>', '>='),
        pair: fc.tuple(query, fc.oneof({ weight: 3, arbitrary: literalOperand }, { weight: 1, arbitrary: query }), fc.boolean()),
        compact: fc.boolean(),
      })
      .map(
        ({ operator, pair: [q, other, swap], compact }): Expression => ({
          kind: 'compare',
          operator,
          compact,
          left: swap ? other : q,
          right: swap ? q : other,
        }),
      ),
  );

  const atom: fc.Arbitrary<Expression> = fc.oneof(
    { weight: 2, arbitrary: memberQuery.map((q): Expression => ({ kind: 'exists', query: q })) },
    { weight: 5, arbitrary: comparison },
    {
      weight: 1,
      arbitrary: fc
        .record({ query, body: fc.constantFrom(...REGEX_BODIES), flags: fc.constantFrom<'' | 'i'>('', 'i') })
        .map(({ query: q, body, flags }): Expression => ({ kind: 'match', query: q, body, flags })),
    },
  );

  const { expression } = fc.letrec<{ expression: Expression; binary: Expression; not: Expression }>((tie) => ({
    expression: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'filter', withCrossShrink: true },
      { weight: 4, arbitrary: atom },
      { weight: 2, arbitrary: tie('binary') },
      { weight: 1, arbitrary: tie('not') },
    ),
    binary: fc.record({
      kind: fc.constantFrom<'or' | 'and'>('or', 'and'),
      left: tie('expression'),
      right: tie('expression'),
      parens: fc.boolean(),
    }),
    not: tie('expression').map((operand): Expression => ({ kind: 'not', operand })),
  }));

  const nameSelector = fc.record({ kind: fc.constant('name' as const), key, quote: quoteArbitrary });
  const indexSelector = fc.record({ kind: fc.constant('index' as const), index: fc.integer({ min: -3, max: 3 }) });
  const sliceSelector = fc.record(
    {
      kind: fc.constant('slice' as const),
      start: fc.integer({ min: -4, max: 4 }),
      // jsonpath-plus quirk: an end of 0 means "to the end" there (`parseInt('0') || length`).
      end: fc.integer({ min: -4, max: 4 }).filter((end) => end !== 0),
      step: fc.integer({ min: 1, max: 3 }),
    },
    { requiredKeys: ['kind'] },
  );
  const wildcardSelector = fc.constant({ kind: 'wildcard' as const });
  const one: fc.Arbitrary<Selector> = fc.oneof(
    { weight: 5, arbitrary: nameSelector },
    { weight: 2, arbitrary: wildcardSelector },
    { weight: 2, arbitrary: indexSelector },
    { weight: 1, arbitrary: sliceSelector },
  );
  const plain: fc.Arbitrary<Selector[]> = fc.oneof(
    { weight: 5, arbitrary: one.map((selector) => [selector]) },
    { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) },
  );
  const filter = fc
    .record({ expression, rfcStyle: fc.boolean() })
    .map(({ expression: e, rfcStyle }): Selector[] => [{ kind: 'filter', expression: e, rfcStyle }]);
  const selectors = (options.filters ?? true) ? fc.oneof({ weight: 3, arbitrary: plain }, { weight: 1, arbitrary: filter }) : plain;
  const segment: fc.Arbitrary<Segment> = fc.record({
    descendant: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    selectors,
    dotted: fc.boolean(),
  });
  const path = fc.record({
    segments: fc.array(segment, { minLength: 1, maxLength: options.maxSegments ?? 3 }),
    omitDollar: fc.boolean(),
  });
  return { expression, anySelectors: selectors, path };
};

/** A random path AST from the grammar. */
export const pathAst = (options: PathOptions = {}): fc.Arbitrary<PathAst> => grammar(options).path;

/**
 * The selectors of one step towards an existing location: most select that step (by name, by
 * index counted from either end, by wildcard, by a slice or a union containing it, or by a filter
 * built from the child's own keys and values), some are random.
 */
const stepSelectors = (key: string | number, container: unknown, child: Json, options: PathOptions): fc.Arbitrary<Selector[]> => {
  const childGrammar = grammar({ ...options, ...poolsOf(child) });
  const random = childGrammar.anySelectors;
  const filters = options.filters ?? true;
  const filter = fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: targetedExpression(child, childGrammar.expression) }, { weight: 1, arbitrary: childGrammar.expression }),
      fc.boolean(),
    )
    .map(([expression, rfcStyle]): Selector[] => [{ kind: 'filter', expression, rfcStyle }]);
  const wildcard = fc.constant<Selector[]>([{ kind: 'wildcard' }]);
  const withOther = (selector: Selector): fc.Arbitrary<Selector[]> =>
    fc.tuple(random, fc.boolean()).map(([others, first]) => {
      const plain = others.filter((other) => other.kind !== 'filter');
      return first ? [selector, ...plain] : [...plain, selector];
    });
  if (typeof key === 'string') {
    const name = quoteArbitrary.map((q): Selector => ({ kind: 'name', key, quote: q }));
    return fc.oneof(
      { weight: 6, arbitrary: name.map((selector) => [selector]) },
      { weight: 2, arbitrary: wildcard },
      { weight: 1, arbitrary: name.chain(withOther) },
      { weight: filters ? 3 : 0, arbitrary: filter },
      { weight: 1, arbitrary: random },
    );
  }
  const length = (container as unknown[]).length;
  const index = fc.constantFrom<Selector>({ kind: 'index', index: key }, { kind: 'index', index: key - length });
  const slice = fc
    .record({ step: fc.integer({ min: 1, max: 3 }), fromEnd: fc.boolean(), openStart: fc.boolean(), extra: fc.integer({ min: 0, max: 3 }) })
    .map(({ step, fromEnd, openStart, extra }): Selector => {
      const end = Math.min(length, key + 1 + extra);
      const printedEnd = end === length ? undefined : fromEnd ? end - length : end;
      if (openStart && key % step === 0) return { kind: 'slice', end: printedEnd, step };
      return { kind: 'slice', start: fromEnd ? key - length : key, end: printedEnd, step };
    });
  return fc.oneof(
    { weight: 5, arbitrary: index.map((selector) => [selector]) },
    { weight: 2, arbitrary: wildcard },
    { weight: 2, arbitrary: slice.map((selector) => [selector]) },
    { weight: 1, arbitrary: index.chain(withOther) },
    { weight: filters ? 3 : 0, arbitrary: filter },
    { weight: 1, arbitrary: random },
  );
};

const isScalar = (value: unknown): value is Literal => value === null || typeof value !== 'object';

/** Comparisons and tests that hold for `value` reached through `query` (RFC 9535 semantics). */
const truthyAtomsFor = (query: Query, value: Json): Expression[] => {
  const atoms: Expression[] = [];
  const compare = (operator: ComparisonOperator, literal: Literal, swap = false): Expression => {
    const l: LiteralOperand = { kind: 'literal', value: literal };
    return { kind: 'compare', operator, left: swap ? l : query, right: swap ? query : l, compact: false };
  };
  if (query.keys.length > 0) atoms.push({ kind: 'exists', query });
  if (isScalar(value)) {
    atoms.push(compare('==', value), compare('==', value, true));
    atoms.push(compare('!=', value === 1 ? 2 : 1));
    if (typeof value === 'number') atoms.push(compare('>=', value), compare('<', value + 1), compare('>', value - 0.5, true));
    if (typeof value === 'string') {
      atoms.push(compare('<=', value), compare('>=', value, true));
      for (const body of REGEX_BODIES) {
        if (new RegExp(body).test(value)) atoms.push({ kind: 'match', query, body, flags: '' });
        if (new RegExp(body, 'i').test(value)) atoms.push({ kind: 'match', query, body, flags: 'i' });
      }
    }
  }
  return atoms;
};

/** Atoms that hold for the candidate `child`: about itself, its members and their members. */
const truthyAtoms = (child: Json): Expression[] => {
  const at = (keys: (string | number)[]): Query => ({ kind: 'query', root: false, keys, dotted: keys.length % 2 === 0 });
  const atoms = truthyAtomsFor(at([]), child);
  const members: [string | number, Json][] = Array.isArray(child)
    ? child.flatMap((element, index): [number, Json][] => [
        [index, element],
        [index - child.length, element],
      ])
    : typeof child === 'object' && child !== null
      ? Object.entries(child)
      : [];
  for (const [k, member] of members) {
    atoms.push(...truthyAtomsFor(at([k]), member));
    if (typeof member === 'object' && member !== null && !Array.isArray(member)) {
      for (const [k2, inner] of Object.entries(member)) atoms.push(...truthyAtomsFor(at([k, k2]), inner));
    }
  }
  return atoms;
};

const negated = (expression: Expression): Expression | undefined => {
  if (expression.kind !== 'compare') return undefined;
  const flip: Partial<Record<ComparisonOperator, ComparisonOperator>> = { '==': '!=', '!=': '==' };
  const operator = flip[expression.operator];
  return operator === undefined ? undefined : { ...expression, operator };
};

/**
 * A filter expression that holds for `child` (mostly): one of its truthy atoms, alone, `&&`-ed with
 * another, `||`-ed with a random expression, or a negated false comparison. Its siblings may or may
 * not pass, which is what makes filters discriminate.
 */
const targetedExpression = (child: Json, random: fc.Arbitrary<Expression>): fc.Arbitrary<Expression> => {
  const atoms = truthyAtoms(child);
  if (atoms.length === 0) return random;
  const atom = fc.constantFrom(...atoms);
  const falsy = atoms.map(negated).filter((e): e is Expression => e !== undefined);
  return fc.oneof(
    { weight: 4, arbitrary: atom },
    {
      weight: 2,
      arbitrary: fc.tuple(atom, atom, fc.boolean()).map(([left, right, parens]): Expression => ({ kind: 'and', left, right, parens })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(atom, random, fc.boolean(), fc.boolean()).map(
        ([hit, other, first, parens]): Expression => ({
          kind: 'or',
          left: first ? hit : other,
          right: first ? other : hit,
          parens,
        }),
      ),
    },
    {
      weight: falsy.length > 0 ? 1 : 0,
      arbitrary: fc.constantFrom(...(falsy.length > 0 ? falsy : atoms)).map((operand): Expression => ({ kind: 'not', operand })),
    },
  );
};

/**
 * A path aimed at a random location of `json`: one segment per step (see {@link stepSelectors});
 * some steps are skipped, the next segment then being a descendant (`..`) one.
 */
export const guidedPathAst = (json: Json, options: PathOptions = {}): fc.Arbitrary<PathAst> => {
  const locations = allLocations(json).filter((location) => location.length > 0);
  if (locations.length === 0) return pathAst({ ...options, ...poolsOf(json) });
  return fc.constantFrom(...locations).chain((location) => {
    const steps = location.map((key, i) =>
      fc.record({
        selectors: stepSelectors(key, valueAt(json, location.slice(0, i)), valueAt(json, location.slice(0, i + 1)) as Json, options),
        // The last step is always kept.
        keep:
          i === location.length - 1 ? fc.constant(true) : fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        descendant: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        dotted: fc.boolean(),
      }),
    );
    return fc.tuple(fc.tuple(...steps), fc.boolean()).map(([chosen, omitDollar]): PathAst => {
      const segments: Segment[] = [];
      let skipped = false;
      for (const step of chosen) {
        if (!step.keep) {
          skipped = true;
          continue;
        }
        segments.push({ descendant: skipped || step.descendant, selectors: step.selectors, dotted: step.dotted });
        skipped = false;
      }
      return { segments, omitDollar };
    });
  });
};

/** A path for `json`: mostly aimed at one of its locations, sometimes random over its keys and values. */
export const pathFor = (json: Json, options: Omit<PathOptions, 'keys' | 'literals'> = {}): fc.Arbitrary<PathAst> =>
  fc.oneof({ weight: 3, arbitrary: guidedPathAst(json, options) }, { weight: 1, arbitrary: pathAst({ ...options, ...poolsOf(json) }) });

/** A document and a path for it (see {@link pathFor}). */
export const documentAndPath = (
  options: Omit<PathOptions, 'keys' | 'literals'> = {},
  documents: fc.Arbitrary<Json> = jsonDocument,
): fc.Arbitrary<[Json, PathAst]> => documents.chain((json) => pathFor(json, options).map((ast): [Json, PathAst] => [json, ast]));

/** A document and 1 to `max` paths for it. */
export const documentAndPaths = (
  options: Omit<PathOptions, 'keys' | 'literals'> = {},
  documents: fc.Arbitrary<Json> = jsonDocument,
  max = 3,
): fc.Arbitrary<[Json, PathAst[]]> =>
  documents.chain((json) => fc.array(pathFor(json, options), { minLength: 1, maxLength: max }).map((asts): [Json, PathAst[]] => [json, asts]));

/** Every string value of `json` replaced by a unique canary (`x` → `x#17`), the rest unchanged. */
export const withCanaries = (json: Json): Json => {
  let next = 0;
  const visit = (value: Json): Json => {
    if (typeof value === 'string') return `${value}#${next++}`;
    if (Array.isArray(value)) return value.map(visit);
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, Json> = {};
      for (const [k, member] of Object.entries(value)) copy[k] = visit(member);
      return copy;
    }
    return value;
  };
  return visit(json);
};

/** Documents whose string values are all distinct canaries. */
export const canaryDocument: fc.Arbitrary<Json> = jsonDocument.map(withCanaries);

export const hasFilter = (ast: PathAst): boolean => ast.segments.some((segment) => segment.selectors.some((selector) => selector.kind === 'filter'));

// --- printing: our syntax ---------------------------------------------------------------------

const quoted = (text: string, q: "'" | '"' = "'"): string => `${q}${text}${q}`;

const printSelector = (selector: Selector): string => {
  switch (selector.kind) {
    case 'name':
      return quoted(selector.key, selector.quote);
    case 'wildcard':
      return '*';
    case 'index':
      return String(selector.index);
    case 'slice':
      return `${selector.start ?? ''}:${selector.end ?? ''}${selector.step === undefined ? '' : `:${selector.step}`}`;
    case 'filter': {
      const text = printExpression(selector.expression, 0);
      return selector.rfcStyle ? `?${text}` : `?(${text})`;
    }
  }
};

/** `.a` / `..*` when a segment is a single dot-able name or a wildcard and `dotted` asks for it. */
const dotForm = (segment: Segment): string | undefined => {
  if (!segment.dotted || segment.selectors.length !== 1) return undefined;
  const selector = segment.selectors[0]!;
  if (selector.kind === 'wildcard') return '*';
  if (selector.kind === 'name' && (DOT_NAME.test(selector.key) || /^\d+$/.test(selector.key))) return selector.key;
  return undefined;
};

const printSegment = (segment: Segment): string => {
  const dot = dotForm(segment);
  if (dot !== undefined) return `${segment.descendant ? '..' : '.'}${dot}`;
  return `${segment.descendant ? '..' : ''}[${segment.selectors.map(printSelector).join(',')}]`;
};

/** The path in our syntax. */
export const printPath = (path: PathAst): string => {
  const [first, ...rest] = path.segments;
  if (first === undefined) return '$';
  const bare = dotForm(first);
  if (path.omitDollar && !first.descendant && bare !== undefined) return bare + rest.map(printSegment).join('');
  return `$${path.segments.map(printSegment).join('')}`;
};

const printQuery = (q: Query): string =>
  (q.root ? '$' : '@') + q.keys.map((k) => (typeof k === 'number' ? `[${k}]` : q.dotted && DOT_NAME.test(k) ? `.${k}` : `[${quoted(k)}]`)).join('');

const printLiteral = (value: Literal): string => (typeof value === 'string' ? quoted(value) : String(value));

const printOperand = (operand: Operand): string => (operand.kind === 'query' ? printQuery(operand) : printLiteral(operand.value));

/** Precedence: `||` 1, `&&` 2, everything else 3. */
const precedence = (expression: Expression): number => (expression.kind === 'or' ? 1 : expression.kind === 'and' ? 2 : 3);

export const printExpression = (expression: Expression, parent: number): string => {
  switch (expression.kind) {
    case 'or':
    case 'and': {
      const own = precedence(expression);
      const operator = expression.kind === 'or' ? '||' : '&&';
      // Left-associative: the right operand needs parentheses at equal precedence.
      const text = `${printExpression(expression.left, own)} ${operator} ${printExpression(expression.right, own + 1)}`;
      return expression.parens || own < parent ? `(${text})` : text;
    }
    case 'not': {
      const operand = expression.operand;
      // `!@.a` is an existence test negated; anything else is negated in parentheses.
      return operand.kind === 'exists' ? `!${printQuery(operand.query)}` : `!(${printExpression(operand, 0)})`;
    }
    case 'exists':
      return printQuery(expression.query);
    case 'compare': {
      const space = expression.compact ? '' : ' ';
      return `${printOperand(expression.left)}${space}${expression.operator}${space}${printOperand(expression.right)}`;
    }
    case 'match':
      return `${printQuery(expression.query)} =~ /${expression.body}/${expression.flags}`;
  }
};

// --- printing: the jsonpath-plus oracle --------------------------------------------------------

/**
 * The oracle's path. Segments are always bracketed; single names quoted, union names unquoted
 * (jsonpath-plus does not support `['x','y']`, it reads `[x,y]`); a negative index `[-k]` becomes
 * the slice `[-k:-k+1]` (jsonpath-plus treats `[-1]` as a member named "-1").
 */
export const printOraclePath = (path: PathAst): string =>
  `$${path.segments
    .map((segment) => {
      const multi = segment.selectors.length > 1;
      // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every selector kind (tsc checks it)
      const parts = segment.selectors.map((selector) => {
        switch (selector.kind) {
          case 'name':
            return multi ? selector.key : quoted(selector.key);
          case 'wildcard':
            return '*';
          case 'index':
            return selector.index >= 0 ? String(selector.index) : `${selector.index}:${selector.index === -1 ? '' : selector.index + 1}`;
          case 'slice':
            return printSelector(selector);
          case 'filter':
            return `?(${printOracleExpression(selector.expression)})`;
        }
      });
      return `${segment.descendant ? '..' : ''}[${parts.join(',')}]`;
    })
    .join('')}`;

/**
 * A single-value query as a JavaScript expression for jsonpath-plus's safe evaluator with RFC 9535
 * semantics: each step reads only from an object or array (a string's characters and a missing
 * parent give `undefined`, never a TypeError); `[-k]` counts from the end of an array, written
 * `.at(-k)` because jsonpath-plus's safe evaluator cannot compute a bracketed member from
 * identifiers (it evaluates `x[expr]` without its variables). Documents never have a `length` key.
 */
const oracleQuery = (q: Query): string => {
  let expression = q.root ? '@root' : '@';
  for (const k of q.keys) {
    const base = expression;
    expression =
      typeof k === 'number' && k < 0
        ? `(typeof ${base} === 'object' && ${base} !== null && typeof ${base}.length === 'number' ? ${base}.at(${k}) : undefined)`
        : `(typeof ${base} === 'object' && ${base} !== null ? ${base}[${typeof k === 'string' ? quoted(k) : k}] : undefined)`;
  }
  return expression;
};

const oracleOperand = (operand: Operand): string => (operand.kind === 'query' ? oracleQuery(operand) : printLiteral(operand.value));

/**
 * A filter for jsonpath-plus that computes what RFC 9535 (and our engine) computes:
 * existence is `!== undefined` (jsonpath-plus would test truthiness); `==` is `===` (no `1 == '1'`);
 * `<`-family comparisons hold only between two numbers or two strings (no `null < 1`);
 * `=~` becomes `String.prototype.search` (with `i`, both sides lower-cased; bodies are ASCII).
 */
export const printOracleExpression = (expression: Expression): string => {
  switch (expression.kind) {
    case 'or':
      return `(${printOracleExpression(expression.left)} || ${printOracleExpression(expression.right)})`;
    case 'and':
      return `(${printOracleExpression(expression.left)} && ${printOracleExpression(expression.right)})`;
    case 'not':
      return `!(${printOracleExpression(expression.operand)})`;
    case 'exists':
      return `(${oracleQuery(expression.query)} !== undefined)`;
    case 'compare': {
      const left = oracleOperand(expression.left);
      const right = oracleOperand(expression.right);
      if (expression.operator === '==') return `(${left} === ${right})`;
      if (expression.operator === '!=') return `(${left} !== ${right})`;
      return `((((typeof ${left} === 'number' && typeof ${right} === 'number') || (typeof ${left} === 'string' && typeof ${right} === 'string'))) && ${left} ${expression.operator} ${right})`;
    }
    case 'match': {
      const value = oracleQuery(expression.query);
      const target = expression.flags === 'i' ? `${value}.toLowerCase()` : value;
      const body = expression.flags === 'i' ? expression.body.toLowerCase() : expression.body;
      return `(typeof ${value} === 'string' && ${target}.search(${quoted(body)}) !== -1)`;
    }
  }
};

// --- helpers on documents ----------------------------------------------------------------------

export type Location = readonly (string | number)[];

/** Every location of a document in pre-order (the root first, object keys in insertion order). */
export const allLocations = (value: unknown, prefix: (string | number)[] = [], out: Location[] = []): Location[] => {
  out.push([...prefix]);
  if (Array.isArray(value)) {
    value.forEach((element, index) => void allLocations(element, [...prefix, index], out));
  } else if (typeof value === 'object' && value !== null) {
    for (const k of Object.keys(value)) allLocations((value as Record<string, unknown>)[k], [...prefix, k], out);
  }
  return out;
};

export const valueAt = (root: unknown, location: Location): unknown =>
  location.reduce<unknown>((value, k) => (value as Record<string | number, unknown>)[k], root);

export const locationKey = (location: Location): string => JSON.stringify(location);

/** Freezes a value and everything inside it. */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[k]);
  }
  return value;
};

/** Every object and array reachable from `value` (itself included). */
export const collectObjects = (value: unknown, out: Set<object> = new Set()): Set<object> => {
  if (typeof value === 'object' && value !== null && !out.has(value)) {
    out.add(value);
    for (const k of Object.keys(value)) collectObjects((value as Record<string, unknown>)[k], out);
  }
  return out;
};
