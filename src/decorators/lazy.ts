/**
 * The interpreter, loaded on the first `mask` / `maskSync` / `unmask` call rather than when the
 * library is imported: Lambda cold starts pay only for what a function uses.
 * @internal
 */
export const loadInterpreter = (): typeof import('./interpreter') => require('./interpreter') as typeof import('./interpreter');

/** @internal */
export const loadUnmask = (): typeof import('./unmask') => require('./unmask') as typeof import('./unmask');
