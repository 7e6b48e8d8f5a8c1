/** The public entry exports the API, not the engine's internals (those stay importable from src/ by tests). */
import * as library from 'lambda-data-masking';

it.each(['getPathParseCount', 'PATH_CACHE_CAPACITY', 'normalizeMaskOptions'])('does not export the internal %s', (name) => {
  expect(Object.keys(library)).not.toContain(name);
});

it('still exports the API around them', () => {
  expect(Object.keys(library)).toEqual(
    expect.arrayContaining(['DataMasking', 'MaskHandler', 'maskResult', 'compileEraser', 'MAX_DEPTH', 'DATA_MASKING_STRING']),
  );
});
