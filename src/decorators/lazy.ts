type Interpreter = typeof import('./interpreter');
type Unmask = typeof import('./unmask');

let interpreter: Interpreter | undefined;
let unmask: Unmask | undefined;

/**
 * The interpreter, loaded on the first `mask` / `maskSync` / `unmask` call rather than when the
 * library is imported (Lambda cold starts pay only for what a function uses), then kept.
 * @internal
 */
export const loadInterpreter = (): Interpreter => (interpreter ??= require('./interpreter') as Interpreter);

/** @internal */
export const loadUnmask = (): Unmask => (unmask ??= require('./unmask') as Unmask);
