import type { ComparisonOperator, FilterExpression, Operand } from './ast';
import { MAX_DEPTH, jsonView, tooDeepSignal } from '../json/json-view';
import { readOwn } from './read-own';

/** The value a query operand found, or NOTHING when it found none (RFC 9535 "Nothing"). */
const NOTHING: unique symbol = Symbol('nothing');
type Found = unknown | typeof NOTHING;

/**
 * Evaluates a parsed filter for one candidate (`@`) against the document root (`$`).
 * An interpreter over the AST: no user text is ever compiled to code. Comparisons are typed
 * (RFC 9535): `<` and friends hold only between two numbers or two strings; `==` is deep equality.
 * Filters read the JSON view of the data (`toJSON()` results, own members), the same view the
 * output is made of, so a document cannot look one way to a filter and another in the result.
 */
export const evaluateFilter = (expression: FilterExpression, current: unknown, root: unknown): boolean => {
  switch (expression.kind) {
    case 'or':
      return expression.operands.some((operand) => evaluateFilter(operand, current, root));
    case 'and':
      return expression.operands.every((operand) => evaluateFilter(operand, current, root));
    case 'not':
      return !evaluateFilter(expression.operand, current, root);
    case 'test': {
      const found = resolve(expression.operand, current, root);
      return expression.operand.kind === 'query' ? found !== NOTHING : Boolean(found);
    }
    case 'match': {
      const found = resolve(expression.operand, current, root);
      return typeof found === 'string' && expression.regex.test(found);
    }
    case 'compare':
      return compare(expression.operator, resolve(expression.left, current, root), resolve(expression.right, current, root));
  }
};

const resolve = (operand: Operand, current: unknown, root: unknown): Found => {
  if (operand.kind === 'literal') return operand.value;
  let value: unknown = jsonView(operand.root ? root : current);
  for (const key of operand.keys) {
    const next = readOwn(value, key);
    if (next === NOTHING_READ || next === undefined) return NOTHING;
    value = jsonView(next);
  }
  return value;
};

const NOTHING_READ = readOwn.MISSING;

const compare = (operator: ComparisonOperator, left: Found, right: Found): boolean => {
  switch (operator) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    default:
      if (!((typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string'))) {
        return false;
      }
      if (operator === '<') return left < right;
      if (operator === '<=') return left <= right;
      if (operator === '>') return left > right;
      return left >= right;
  }
};

/** Deep equality of two JSON views; the members' views are taken on the way down. */
const deepEqual = (left: Found, right: Found, depth = 0): boolean => {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (depth >= MAX_DEPTH) throw tooDeepSignal();
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && deepEqual(memberView(left, key), memberView(right, key), depth + 1));
};

const memberView = (container: object, key: string): unknown => {
  const member = (container as Record<string, unknown>)[key];
  return member === undefined ? undefined : jsonView(member);
};
