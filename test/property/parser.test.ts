/**
 * Parser properties: quoting round-trips any member name, and any input either parses or fails
 * with a typed DataMaskingInvalidPathError pointing inside the expression (never another error).
 */
import fc from 'fast-check';
import { DataMaskingInvalidPathError } from '../../src/errors';
import { compilePath } from '../../src/jsonpath/compile';
import { parsePath } from '../../src/jsonpath/parse-path';
import { selectLocations } from '../../src/jsonpath/walk';
import { pathAst, printPath } from './arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

const singleQuoted = (name: string): string => `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const parsesOrFailsTyped = (source: string): void => {
  try {
    parsePath(source);
  } catch (error) {
    expect(error).toBeInstanceOf(DataMaskingInvalidPathError);
    const { position, path } = error as DataMaskingInvalidPathError;
    expect(path).toBe(source);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThanOrEqual(source.length);
  }
};

describe('path parser (properties)', () => {
  it('a quoted member name (JSON escapes or single quotes) selects exactly that member', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 12 }).filter((name) => !FORBIDDEN.has(name)),
        (name) => {
          const document = { [name]: 1, [`${name}_other`]: 2 };
          expect(selectLocations(document, compilePath(`$[${JSON.stringify(name)}]`))).toEqual([[name]]);
          expect(selectLocations(document, compilePath(`$[${singleQuoted(name)}]`))).toEqual([[name]]);
          expect(selectLocations({ x: document }, compilePath(`x[${singleQuoted(name)}]`))).toEqual([['x', name]]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('every path printed from the grammar parses', () => {
    fc.assert(
      fc.property(pathAst(), (ast) => {
        expect(() => parsePath(printPath(ast))).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary text parses or fails with a typed error at a position inside it', () => {
    const alphabet = fc.constantFrom(...'$.[]()?@*:,\'"-!=<>&|~/\\ 019abx_'.split(''));
    fc.assert(fc.property(fc.string({ unit: alphabet, maxLength: 24 }), parsesOrFailsTyped), { numRuns: RUNS });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 24 }), parsesOrFailsTyped), { numRuns: RUNS });
  });

  it('a valid path with one character inserted, deleted or replaced parses or fails typed', () => {
    fc.assert(
      fc.property(
        pathAst(),
        fc.nat(),
        fc.constantFrom(...'$.[]()?@*:,\'"-!=<>&|~/ 0a'.split('')),
        fc.constantFrom('insert', 'delete', 'replace'),
        (ast, at, char, edit) => {
          const text = printPath(ast);
          const i = at % (text.length + 1);
          const mutated =
            edit === 'insert'
              ? text.slice(0, i) + char + text.slice(i)
              : edit === 'delete'
                ? text.slice(0, i) + text.slice(i + 1)
                : text.slice(0, i) + char + text.slice(i + 1);
          parsesOrFailsTyped(mutated);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
