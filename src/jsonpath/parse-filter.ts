import type { ComparisonOperator, FilterExpression, LiteralOperand, Operand, QueryOperand } from './ast';
import { quoteForMessage } from '../errors-format';
import type { Cursor } from './cursor';
import type { DataRegex } from '../masks/regex';
import { requireRegex } from '../masks/regex-registry';
import { DataMaskingMissingDependencyError } from '../errors';
import { isForbiddenKey } from '../json/forbidden-keys';

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

const parseOr = (cursor: Cursor, depth: number): FilterExpression => {
  const operands = [parseAnd(cursor, depth)];
  while (cursor.accept('||')) operands.push(parseAnd(cursor, depth));
  return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
};

const parseAnd = (cursor: Cursor, depth: number): FilterExpression => {
  const operands = [parseUnary(cursor, depth)];
  while (cursor.accept('&&')) operands.push(parseUnary(cursor, depth));
  return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
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
    return { kind: 'match', operand: left, regex: parseRegexLiteral(cursor) };
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
      keys.push(checkedKey(cursor, match[0], start));
      cursor.position += match[0].length;
    } else if (cursor.peek() === '[') {
      cursor.position++;
      cursor.skipSpaces();
      const start = cursor.position;
      const quote = cursor.peek();
      const key = quote === "'" || quote === '"' ? checkedKey(cursor, cursor.readQuoted(), start) : cursor.readInteger();
      cursor.expect(']');
      keys.push(key);
    } else if (cursor.startsWith('..') || cursor.startsWith('.*')) {
      throw cursor.error('filters accept only single-value queries (names and indexes)');
    } else {
      return { kind: 'query', root, keys };
    }
  }
};

const checkedKey = (cursor: Cursor, key: string, position: number): string => {
  if (isForbiddenKey(key)) throw cursor.error(`${quoteForMessage(key)} may not be used in a path`, position);
  return key;
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

/**
 * Reads `/body/flags` and compiles it for RE2 (linear time on any data). `g` and `y` are
 * dropped: a test needs neither. A pattern RE2 cannot run (backreferences, lookaround) is
 * refused here, when the path is parsed.
 */
const parseRegexLiteral = (cursor: Cursor): DataRegex => {
  const { compileSource } = requireRegex();
  cursor.skipSpaces();
  const start = cursor.position;
  if (cursor.peek() !== '/') throw cursor.error("expected a regular expression literal '/.../'");
  cursor.position++;
  let body = '';
  let inClass = false;
  while (!cursor.done) {
    const char = cursor.peek();
    if (char === '\\') {
      body += char + cursor.peek(1);
      cursor.position += 2;
      continue;
    }
    if (char === '/' && !inClass) break;
    if (char === '[') inClass = true;
    if (char === ']') inClass = false;
    body += char;
    cursor.position++;
  }
  if (cursor.done) throw cursor.error('unterminated regular expression', start);
  cursor.position++;
  const flags = /^[a-z]*/.exec(cursor.source.slice(cursor.position))?.[0] ?? '';
  cursor.position += flags.length;
  try {
    return compileSource(body, flags.replace(/[gy]/g, ''), 'filter');
  } catch (error) {
    if (error instanceof DataMaskingMissingDependencyError) throw error; // a missing engine is not a path problem
    throw cursor.error('not a regular expression RE2 runs in linear time (no backreferences or lookaround)', start);
  }
};
