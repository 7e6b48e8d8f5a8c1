/**
 * `Symbol.metadata`, which Node 20 and 22 do not define yet: without it, TypeScript gives standard
 * decorators no `context.metadata`. Defined once, when the core entry or the decorators are loaded (before any class
 * that uses them), as `Symbol.for('Symbol.metadata')`, the symbol esbuild falls back to, so that
 * code compiled by tsc, esbuild and swc shares one key. An existing definition is kept.
 */
const installSymbolMetadata = (): void => {
  if (typeof (Symbol as { metadata?: unknown }).metadata === 'symbol') return;
  Object.defineProperty(Symbol, 'metadata', { value: Symbol.for('Symbol.metadata'), configurable: true, writable: true });
};
installSymbolMetadata();

/** This module's only content is its side effect (listed in `sideEffects`); the CommonJS core entry loads it at once. */
export {};
