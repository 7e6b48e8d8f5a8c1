import { DataMaskingFieldNotFoundError, DataMaskingInvalidOptionsError } from '../errors';
import { quoteForMessage } from '../errors-format';
import type { CompiledPath } from '../jsonpath/compile';
import type { DataMaskingLogger } from '../types';

/** How the engine treats a path that selects nothing. */
export interface MissingFieldPolicy {
  readonly throwOnMissingField: boolean;
  readonly logger: DataMaskingLogger;
}

/**
 * A `logger` option (of `DataMasking` and `compileEraser`), checked.
 * @throws DataMaskingInvalidOptionsError for a logger without a `warn` method.
 */
export const checkLogger = (logger: unknown): DataMaskingLogger | undefined => {
  if (logger !== undefined && typeof (logger as Partial<DataMaskingLogger> | null)?.warn !== 'function') {
    throw new DataMaskingInvalidOptionsError('logger must have a warn(message) method');
  }
  return logger as DataMaskingLogger | undefined;
};

/** At most this many paths are named in one error message; the rest are counted. */
const MAX_PATHS_NAMED = 5;

/** Each named path is cut to this length, so the message stays one short line. */
const MAX_PATH_SHOWN = 60;

/**
 * Throws one `DataMaskingFieldNotFoundError` naming every path that selected nothing, or warns
 * once per such path when `throwOnMissingField` is off. Only paths are named (escaped and
 * shortened), never data.
 */
export const reportMissingFields = (paths: readonly CompiledPath[], matched: ReadonlySet<CompiledPath>, policy: MissingFieldPolicy): void => {
  const missing = [...new Set(paths.filter((path) => !matched.has(path)).map((path) => path.source))];
  if (missing.length === 0) return;
  if (policy.throwOnMissingField) {
    const named = missing
      .slice(0, MAX_PATHS_NAMED)
      .map((source) => quoteForMessage(source, MAX_PATH_SHOWN))
      .join(', ');
    const more = missing.length > MAX_PATHS_NAMED ? ` and ${missing.length - MAX_PATHS_NAMED} more` : '';
    throw new DataMaskingFieldNotFoundError(`No data found for the field path(s) ${named}${more}`);
  }
  for (const source of missing) {
    policy.logger.warn(`lambda-data-masking: no data found for the field path ${quoteForMessage(source)}; it was skipped`);
  }
};
