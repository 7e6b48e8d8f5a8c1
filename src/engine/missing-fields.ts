import { DataMaskingFieldNotFoundError } from '../errors';
import type { CompiledPath } from '../paths/compile';
import type { DataMaskingLogger } from '../types';

/** How the engine treats a path that selects nothing. */
export interface MissingFieldPolicy {
  readonly throwOnMissingField: boolean;
  readonly logger: DataMaskingLogger;
}

/**
 * Throws one `DataMaskingFieldNotFoundError` naming every path that selected nothing, or warns
 * once per such path when `throwOnMissingField` is off. Only paths are named, never data.
 */
export const reportMissingFields = (
  paths: readonly CompiledPath[],
  matched: ReadonlySet<CompiledPath>,
  policy: MissingFieldPolicy,
): void => {
  const missing = [...new Set(paths.filter((path) => !matched.has(path)).map((path) => path.source))];
  if (missing.length === 0) return;
  const list = missing.map((source) => `'${source}'`).join(', ');
  if (policy.throwOnMissingField) {
    throw new DataMaskingFieldNotFoundError(`No data found for the field path(s) ${list}`);
  }
  for (const source of missing) {
    policy.logger.warn(`lambda-data-masking: no data found for the field path '${source}'; it was skipped`);
  }
};
