import type { ParsedPath, Segment, Selector } from './ast';
import { Cursor } from './cursor';
import { parseFilterExpression } from './parse-filter';

/** Characters that end a dot-notation member name (`first-name` and unicode names are fine). */
const DOT_NAME = /^[^.[\]()'",*\s?]+/;

/**
 * Parses a JSONPath expression: `a.b`, `$.a.b`, `a['b c']`, `a[0]`, `a[-1]`, `a[*]`, `a.*`,
 * `a..b`, `a[0:2]`, `a[::2]`, `a[0,2]`, `a['x','y']` and filters `a[?(@.b > 1)]`.
 * A path without `$` is relative to the root, like Python Powertools' fields.
 * @throws DataMaskingInvalidPathError naming the offending position.
 */
export const parsePath = (source: string): ParsedPath => {
  const cursor = new Cursor(source);
  const segments: Segment[] = [];
  cursor.skipSpaces();
  if (cursor.done) throw cursor.error('expected a path');
  if (cursor.peek() === '$') {
    cursor.position++;
  } else if (cursor.peek() !== '.' && cursor.peek() !== '[') {
    segments.push({ descendant: false, selectors: [readDotSelector(cursor)] });
  }
  for (;;) {
    cursor.skipSpaces();
    if (cursor.done) return { source, segments };
    segments.push(readSegment(cursor));
  }
};

const readSegment = (cursor: Cursor): Segment => {
  if (cursor.startsWith('..')) {
    cursor.position += 2;
    const selectors = cursor.peek() === '[' ? readBracket(cursor) : [readDotSelector(cursor)];
    return { descendant: true, selectors };
  }
  if (cursor.peek() === '.') {
    cursor.position++;
    return { descendant: false, selectors: [readDotSelector(cursor)] };
  }
  if (cursor.peek() === '[') return { descendant: false, selectors: readBracket(cursor) };
  throw cursor.error("expected '.', '..' or '['");
};

const readDotSelector = (cursor: Cursor): Selector => {
  if (cursor.peek() === '*') {
    cursor.position++;
    return { kind: 'wildcard' };
  }
  const start = cursor.position;
  const match = DOT_NAME.exec(cursor.source.slice(start));
  if (match === null) throw cursor.error('expected a member name or *');
  cursor.position += match[0].length;
  return nameSelector(cursor, match[0], start);
};

const nameSelector = (cursor: Cursor, name: string, position: number): Selector => ({ kind: 'name', name: cursor.checkedName(name, position) });

const readBracket = (cursor: Cursor): Selector[] => {
  cursor.position++;
  const selectors: Selector[] = [readBracketSelector(cursor)];
  while (cursor.accept(',')) selectors.push(readBracketSelector(cursor));
  cursor.expect(']');
  return selectors;
};

const readBracketSelector = (cursor: Cursor): Selector => {
  cursor.skipSpaces();
  const start = cursor.position;
  const char = cursor.peek();
  if (char === "'" || char === '"') return nameSelector(cursor, cursor.readQuoted(), start);
  if (char === '*') {
    cursor.position++;
    return { kind: 'wildcard' };
  }
  if (char === '?') {
    cursor.position++;
    return { kind: 'filter', expression: parseFilterExpression(cursor) };
  }
  if (char === ':' || char === '-' || (char >= '0' && char <= '9')) return readIndexOrSlice(cursor);
  throw cursor.error('expected a quoted name, *, an index, a slice or a filter');
};

const readIndexOrSlice = (cursor: Cursor): Selector => {
  const bounds: (number | undefined)[] = [];
  for (;;) {
    cursor.skipSpaces();
    const char = cursor.peek();
    bounds.push(char === '-' || (char >= '0' && char <= '9') ? cursor.readInteger() : undefined);
    cursor.skipSpaces();
    if (cursor.peek() !== ':' || bounds.length === 3) break;
    cursor.position++;
  }
  const [start, end, step] = bounds;
  if (bounds.length === 1) {
    if (start === undefined) throw cursor.error('expected an index');
    return { kind: 'index', index: start };
  }
  if (step === 0) throw cursor.error('a slice step cannot be 0');
  return { kind: 'slice', start, end, step: step ?? 1 };
};
