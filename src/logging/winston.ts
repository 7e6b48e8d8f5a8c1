/**
 * Log masking for winston: a `format` that erases full JSONPath selections in every `info`.
 * @module
 */
import { format } from 'winston';
import type { Format, TransformableInfo } from 'logform';
import { plainErrorView } from './error-view';
import { type LogMaskingOptions, type LogRecordShape, createLogMasker } from './log-masker';

export { MASKING_FAILED_KEY, type LogMaskingOptions } from './log-masker';

/** winston's own members of `info` (triple-beam's symbols). */
const LEVEL = Symbol.for('level');
const MESSAGE = Symbol.for('message');
const SPLAT = Symbol.for('splat');

const WINSTON_RECORD: LogRecordShape = { errorView: plainErrorView, safeKeys: ['level', 'timestamp'] };

/**
 * A winston format that masks the chosen paths in every `info` object. Paths are written from
 * the info's root (`$.message`, `$.user.email`, `$..password`). Place it after the formats that
 * add data (`errors()`, `splat()`, `metadata()`, `timestamp()`) and before the one that writes
 * the line (`json()`, `printf()`, `logstash()`):
 * `format.combine(format.errors({ stack: true }), format.splat(), maskingFormat({ fields }), format.json())`.
 *
 * Fail closed: the raw arguments winston keeps for `splat()` are dropped from the masked info,
 * and if a line was already written into `info[MESSAGE]` by an earlier format, it is written
 * again from the masked info (as JSON). A masking failure never throws from a log call and
 * never drops the line: the info goes out erased, with a `data_masking_error` note. A path the
 * info lacks is simply skipped.
 *
 * @example
 * ```ts
 * const logger = winston.createLogger({
 *   format: winston.format.combine(maskingFormat({ fields: ['$..password'] }), winston.format.json()),
 *   transports: [new winston.transports.Console()],
 * });
 * ```
 * @throws DataMaskingInvalidPathError, DataMaskingInvalidOptionsError when called (never per line).
 */
export const maskingFormat = (masking: LogMaskingOptions): Format => {
  const maskRecord = createLogMasker(masking, WINSTON_RECORD);
  const mask = (info: TransformableInfo): TransformableInfo => {
    const masked = maskRecord(info as Record<string, unknown>) as TransformableInfo;
    // The transports filter by info[LEVEL]: a record rebuilt from JSON gets it back.
    if (masked[LEVEL] === undefined && typeof info[LEVEL] === 'string') masked[LEVEL] = info[LEVEL];
    delete masked[SPLAT];
    if (Object.hasOwn(info, MESSAGE)) masked[MESSAGE] = JSON.stringify(masked);
    return masked;
  };
  return format(mask)();
};
