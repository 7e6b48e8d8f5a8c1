/**
 * ES module build (for bundlers). The bundler itself reports a missing peer. What is left is the
 * Encryption SDK's CommonJS dependencies (readable-stream, bn.js, asn1.js, safer-buffer...):
 * in an ES module bundle their `require('buffer')` / `require('stream')` calls go to a `require`
 * that Node does not define in ES modules ("Dynamic require of \"buffer\" is not supported").
 * When there is none, this defines a global `require` that serves Node's built-in modules only
 * (`process.getBuiltinModule`, Node >= 20.16) and refuses anything else; everything else is in
 * the bundle. It is what the usual createRequire banner does, minus resolving packages from disk.
 */
const globals = globalThis as { require?: unknown };
if (typeof globals.require === 'undefined') {
  const builtinRequire = (id: string): unknown => {
    const builtin = process.getBuiltinModule(id);
    if (builtin === undefined) throw new Error(`require(${JSON.stringify(id)}) is not available in this ES module bundle (Node built-in modules only)`);
    return builtin;
  };
  globals.require = builtinRequire;
}

export {};
