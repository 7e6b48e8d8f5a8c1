/**
 * A compiled eraser gives exactly what `erase` gives, for random documents and paths, on
 * every call (the automaton it keeps learns transitions; they must never change a result).
 */
import fc from 'fast-check';
import { DataMasking, compileEraser } from '../../src';
import { canaryDocument, documentAndPaths, printPath } from './arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const lenient = new DataMasking({ throwOnMissingField: false, logger: { warn: () => undefined } });

describe('compileEraser (properties)', () => {
  it('equals erase for random documents and paths, call after call', () => {
    fc.assert(
      fc.property(documentAndPaths({ filters: true }, canaryDocument), canaryDocument, ([json, asts], other) => {
        const fields = asts.map(printPath);
        const erase = compileEraser({ fields, onMissingField: 'ignore' });
        // The same eraser on another document first, then on this one twice.
        expect(erase(other)).toStrictEqual(lenient.erase(other, { fields }));
        expect(erase(json)).toStrictEqual(lenient.erase(json, { fields }));
        expect(erase(json)).toStrictEqual(lenient.erase(json, { fields }));
      }),
      { numRuns: RUNS },
    );
  });
});
