import type { ComparisonOperator, FilterExpression, LiteralOperand, Operand, QueryOperand } from './ast';
import type { Cursor } from './cursor';
import { requireRegex } from '../masks/regex-registry';

/** Deepest parenthesis / negation nesting accepted, so a hostile expression cannot exhaust the stack. */
const MAX_FILTER_NESTING = 64;

const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['==', '!=', '<=', '>=', '<', '>'];
const NAME_IN_FILTER = /^[A-Za-z_$\u0080-\uffff][\w$\-\u0080-\uffff]*/;
const NUMBER_LITERAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

/**
 * Parses the expression of a filter selector (after its `?`) into an AST.
 * Grammar: `||` over `&&` over `!`, parentheses, comparisons, `=~ /regex/flags`,
 * queries `@.a.b` / `@['a'][0]` / `$.x` and string, number, boolean and null literals.
 */
export const parseFilterExpression = (cursor: Cursor): FilterExpression => parseOr(cursor, 0);

const parseOr = (cursor: Cursor, depth: number): FilterExpression =>
  parseList(cursor, '||', 'or', () => parseList(cursor, '&&', 'and', () => parseUnary(cursor, depth)));

/** Operands joined by `operator` (`||` or `&&`): one operand alone, else a node of `kind`. */
const parseList = (cursor: Cursor, operator: string, kind: 'or' | 'and', operand: () => FilterExpression): FilterExpression => {
  const operands = [operand()];
  while (cursor.accept(operator)) operands.push(operand());
  return operands.length === 1 ? operands[0]! : { kind, operands };
};

const parseUnary = (cursor: Cursor, depth: number): FilterExpression => {
  if (depth > MAX_FILTER_NESTING) throw cursor.error(`filter nested deeper than ${MAX_FILTER_NESTING} levels`);
  cursor.skipSpaces();
  if (cursor.peek() === '!' && cursor.peek(1) !== '=') {
    cursor.position++;
    return { kind: 'not', operand: parseUnary(cursor, depth + 1) };
  }
  if (cursor.accept('(')) {
    const inner = parseOr(cursor, depth + 1);
    cursor.expect(')');
    return inner;
  }
  return parseComparison(cursor);
};

const parseComparison = (cursor: Cursor): FilterExpression => {
  const left = parseOperand(cursor);
  cursor.skipSpaces();
  if (cursor.accept('=~')) {
    // The literal is read by the regex front end (see `enableRegex`), which refuses it without.
    return { kind: 'match', operand: left, regex: requireRegex().readRegexLiteral(cursor) };
  }
  const operator = COMPARISON_OPERATORS.find((candidate) => cursor.startsWith(candidate));
  if (operator === undefined) return { kind: 'test', operand: left };
  cursor.position += operator.length;
  return { kind: 'compare', operator, left, right: parseOperand(cursor) };
};

const parseOperand = (cursor: Cursor): Operand => {
  cursor.skipSpaces();
  const char = cursor.peek();
  if (char === '@' || char === '$') return parseQuery(cursor);
  return parseLiteral(cursor);
};

const parseQuery = (cursor: Cursor): QueryOperand => {
  const root = cursor.peek() === '$';
  cursor.position++;
  const keys: (string | number)[] = [];
  for (;;) {
    if (cursor.peek() === '.' && cursor.peek(1) !== '.') {
      cursor.position++;
      const start = cursor.position;
      const match = NAME_IN_FILTER.exec(cursor.source.slice(start));
      if (match === null) throw cursor.error('expected a member name');
      keys.push(cursor.checkedName(match[0], start));
      cursor.position += match[0].length;
    } else if (cursor.peek() === '[') {
      cursor.position++;
      cursor.skipSpaces();
      const start = cursor.position;
      const quote = cursor.peek();
      const key = quote === "'" || quote === '"' ? cursor.checkedName(cursor.readQuoted(), start) : cursor.readInteger();
      cursor.expect(']');
      keys.push(key);
    } else if (cursor.startsWith('..') || cursor.startsWith('.*')) {
      throw cursor.error('filters accept only single-value queries (names and indexes)');
    } else {
      return { kind: 'query', root, keys };
    }
  }
};

const parseLiteral = (cursor: Cursor): LiteralOperand => {
  const char = cursor.peek();
  if (char === "'" || char === '"') return { kind: 'literal', value: cursor.readQuoted() };
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (cursor.startsWith(word) && !/[\w$]/.test(cursor.peek(word.length))) {
      cursor.position += word.length;
      return { kind: 'literal', value };
    }
  }
  const number = NUMBER_LITERAL.exec(cursor.source.slice(cursor.position));
  if (number !== null) {
    cursor.position += number[0].length;
    return { kind: 'literal', value: Number(number[0]) };
  }
  throw cursor.error("expected '@', '$', a string, a number, true, false or null");
};
