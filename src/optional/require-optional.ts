import { DataMaskingMissingDependencyError } from '../errors';

const isMissing = (error: unknown, name: string): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' &&
  String((error as { message?: unknown }).message).includes(`'${name}`);

/**
 * The one loader for optional packages (peers a feature needs, e.g. the Encryption SDK for
 * `lambda-data-masking/kms`): `require`s `name`, and when it is not installed throws
 * {@link DataMaskingMissingDependencyError} naming every package of `group` that is missing
 * (so one `npm install` line fixes it), instead of a bare "Cannot find module".
 * An error raised while loading an installed package passes through unchanged.
 * @internal
 */
export const requireOptional = <T>(name: string, feature: string, group: readonly string[] = [name]): T => {
  try {
    return require(name) as T;
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new DataMaskingMissingDependencyError(feature, missingPackages(group), { cause: error });
  }
};

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
