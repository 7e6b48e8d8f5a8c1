import type { DataRegex } from '../masks/regex';

/**
 * The parsed form of a JSONPath expression. One parser produces it; the walker and the
 * filter evaluator interpret it. Nothing here is ever turned into executable code.
 * @module
 */

/** `.name`, `['name']`. */
export interface NameSelector {
  readonly kind: 'name';
  readonly name: string;
}

/** `*`, `[*]`. */
export interface WildcardSelector {
  readonly kind: 'wildcard';
}

/** `[3]`, `[-1]` (negative counts from the end). */
export interface IndexSelector {
  readonly kind: 'index';
  readonly index: number;
}

/** `[start:end:step]`, Python/RFC 9535 semantics; omitted bounds depend on the step's sign. */
export interface SliceSelector {
  readonly kind: 'slice';
  readonly start: number | undefined;
  readonly end: number | undefined;
  readonly step: number;
}

/** `[?(expr)]`: keeps the members or elements for which `expr` holds. */
export interface FilterSelector {
  readonly kind: 'filter';
  readonly expression: FilterExpression;
}

export type Selector = NameSelector | WildcardSelector | IndexSelector | SliceSelector | FilterSelector;

/** One step of a path: the selectors of a union, applied to the children (or, with `..`, all descendants). */
export interface Segment {
  readonly descendant: boolean;
  readonly selectors: readonly Selector[];
}

/** A relative (`@`) or absolute (`$`) query inside a filter: plain names and indexes only. */
export interface QueryOperand {
  readonly kind: 'query';
  readonly root: boolean;
  readonly keys: readonly (string | number)[];
}

export interface LiteralOperand {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}

export type Operand = QueryOperand | LiteralOperand;

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type FilterExpression =
  /** `a || b || c` as one node, so a long chain costs no recursion depth. */
  | { readonly kind: 'or'; readonly operands: readonly FilterExpression[] }
  | { readonly kind: 'and'; readonly operands: readonly FilterExpression[] }
  | { readonly kind: 'not'; readonly operand: FilterExpression }
  | { readonly kind: 'compare'; readonly operator: ComparisonOperator; readonly left: Operand; readonly right: Operand }
  /** `=~ /regex/flags`, run by RE2 (linear time on any text). */
  | { readonly kind: 'match'; readonly operand: Operand; readonly regex: DataRegex }
  /** A query alone: true when it selects something (existence); a literal alone: its truthiness. */
  | { readonly kind: 'test'; readonly operand: Operand };

/** A parsed path. `source` is the expression as the user wrote it. */
export interface ParsedPath {
  readonly source: string;
  readonly segments: readonly Segment[];
}
