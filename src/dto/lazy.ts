type Interpreter = typeof import('./interpreter');
type Unmask = typeof import('./unmask');

let interpreter: Interpreter | undefined;
let unmask: Unmask | undefined;

/**
 * The interpreter, loaded on the first `mask` / `maskSync` / `unmask` call rather than when the
 * library is imported (Lambda cold starts pay only for what a function uses), then kept.
 * (The ES module build for bundlers uses `lazy.esm.ts` instead.)
 * @internal
 */
export const loadInterpreter = (): Interpreter => (interpreter ??= require('./interpreter') as Interpreter);

/** @internal */
export const loadUnmask = (): Unmask => (unmask ??= require('./unmask') as Unmask);

/** Hands over the already loaded modules (what the ES module build relies on; here a shortcut). @internal */
export const provideDtoSupport = (modules: { interpreter: Interpreter; unmask: Unmask }): void => {
  interpreter ??= modules.interpreter;
  unmask ??= modules.unmask;
};
