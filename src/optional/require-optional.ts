import { DataMaskingMissingDependencyError } from '../errors';

/**
 * Whether `error` says that `name` cannot be loaded here: not installed (`MODULE_NOT_FOUND`), or
 * left by a bundler to a run time that has no `require` for packages (an ES module bundle:
 * esbuild's "Dynamic require of ..." or the `/kms` ES module build's own refusal).
 * @internal
 */
export const isMissing = (error: unknown, name: string): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const message = String((error as { message?: unknown }).message);
  if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') return message.includes(`'${name}`);
  return message.includes(`"${name}"`) && /Dynamic require of|is not available in this ES module bundle/.test(message);
};

/**
 * The one loader for optional packages (peers a feature needs: the Encryption SDK for
 * `lambda-data-masking/kms`, re2js for regular expressions on data). `load` is the caller's
 * `() => require('literal-name')`: a literal `require` lets bundlers include the package when it
 * is installed, a `require` by variable ({@link requireOptional}) leaves it to run time. When the
 * package cannot be loaded, throws {@link DataMaskingMissingDependencyError} naming every package
 * of `group` that is missing (so one `npm install` line fixes it), instead of a bare "Cannot find
 * module". An error raised while loading an installed package passes through unchanged.
 * @internal
 */
export const loadOptional = <T>(load: () => unknown, name: string, feature: string, group: readonly string[] = [name]): T => {
  try {
    return load() as T;
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    const missing = missingPackages(group);
    throw new DataMaskingMissingDependencyError(feature, missing.includes(name) ? missing : [name, ...missing], { cause: error });
  }
};

/**
 * {@link loadOptional} with a `require` by name, which bundlers leave to run time: for peers a
 * bundle must not carry (deployed in `node_modules` beside it, or provided by the runtime).
 * @internal
 */
export const requireOptional = <T>(name: string, feature: string, group: readonly string[] = [name]): T =>
  loadOptional<T>(() => require(name), name, feature, group);

/** The packages of `group` that cannot be resolved from here. @internal */
export const missingPackages = (group: readonly string[]): string[] =>
  group.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch (error) {
      // A package whose `exports` has no `require` target is installed all the same.
      return (error as { code?: unknown }).code === 'MODULE_NOT_FOUND';
    }
  });

/**
 * Throws {@link DataMaskingMissingDependencyError} when any package of `group` is missing: an entry
 * point calls it before it loads them, so the error names all of them at once.
 * @internal
 */
export const assertInstalled = (feature: string, group: readonly string[]): void => {
  const missing = missingPackages(group);
  if (missing.length > 0) throw new DataMaskingMissingDependencyError(feature, missing);
};
