import { DataMaskingInvalidOptionsError } from '../errors';
import type { DataMaskingLogger, EraseOptions, MaskedValue } from '../types';
import { type RunOptions, planErase, planRunner } from './erase';
import { assertJsonRoot } from './input';
import { checkLogger } from './missing-fields';
import { ownOptions } from '../json/own-options';

/** What a compiled eraser does when a path selects nothing in a value. */
export type MissingFieldMode = 'throw' | 'warn' | 'ignore';

/** Options of {@link compileEraser}: the erase options, fixed once, and the missing-path mode. */
export type CompileEraserOptions = EraseOptions & CompileEraserSettings;

/** What {@link CompileEraserOptions} add to the erase options. */
export interface CompileEraserSettings {
  /**
   * `'throw'` (the default): `DataMaskingFieldNotFoundError`; `'warn'`: a warning through
   * `logger` on each call that misses; `'ignore'`: nothing (log records often lack a field).
   */
  onMissingField?: MissingFieldMode;
  /** Where `'warn'` goes (default `console`). */
  logger?: DataMaskingLogger;
  /**
   * Let the result share the subtrees no path reaches with the input, instead of copying them
   * (default `false`). The input is still never modified; meant for a value that is serialized
   * at once, such as a log record, where copying what nothing masks is wasted work.
   */
  shareUnchanged?: boolean;
}

/** A reusable erase: the options were validated and the paths compiled when it was made. */
export type CompiledEraser = <T>(data: T) => MaskedValue<T>;

const MODES: readonly MissingFieldMode[] = ['throw', 'warn', 'ignore'];

/**
 * Validates erase options and compiles their paths once, returning a function that only walks
 * each value it is given: the same result as `erase(value, options)`, without the per-call
 * option checks and path lookups. Meant for hot paths such as a log formatter.
 *
 * @example
 * ```ts
 * const eraseSecrets = compileEraser({ fields: ['$..password'], onMissingField: 'ignore' });
 * eraseSecrets({ user: { password: 'x' } }); // { user: { password: '*****' } }
 * ```
 * @param defaults the missing-path mode and logger when `options` names none (a masker passes its own).
 * @throws DataMaskingInvalidPathError, DataMaskingInvalidOptionsError (when compiling, never per call)
 */
export const compileEraser = (options?: CompileEraserOptions, defaults: Pick<CompileEraserOptions, 'onMissingField' | 'logger'> = {}): CompiledEraser => {
  const own = ownOptions(options, ['onMissingField', 'logger', 'shareUnchanged'], 'compile options');
  const onMissingField = (own.onMissingField ?? defaults.onMissingField ?? 'throw') as MissingFieldMode;
  const logger = checkLogger(own.logger ?? defaults.logger);
  if (!MODES.includes(onMissingField)) {
    throw new DataMaskingInvalidOptionsError("onMissingField must be one of 'throw', 'warn', 'ignore'");
  }
  const run: RunOptions = {
    missing: onMissingField === 'ignore' ? undefined : { throwOnMissingField: onMissingField === 'throw', logger: logger ?? console },
    shareUnchanged: own.shareUnchanged === true,
  };
  const erase = planRunner(planErase(options), run);
  return (data) => {
    assertJsonRoot(data);
    return erase(data) as MaskedValue<typeof data>;
  };
};
