/**
 * Log masking for Powertools for AWS Lambda (TypeScript) Logger, through its own extension
 * point: a log formatter.
 * @module
 */
import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { DataMaskingInvalidOptionsError } from '../errors';
import { type LogMasker, type LogMaskingOptions, createLogMasker } from './log-masker';

export { MASKING_FAILED_KEY, type LogMaskingOptions } from './log-masker';

/** Options of {@link MaskingLogFormatter}: what to mask, and how the log item is laid out. */
export type MaskingLogFormatterOptions = LogMaskingOptions & MaskingLogFormatterLayout;

/** How the log item is laid out (the part of {@link MaskingLogFormatterOptions} that is not masking). */
export interface MaskingLogFormatterLayout {
  /**
   * Your own formatter: the log items it builds are masked. Default: Powertools' standard keys
   * (`level`, `message`, `timestamp`, `service`, the Lambda context keys...).
   */
  formatter?: LogFormatter;
  /**
   * Key order of the standard layout, as the Logger's `logRecordOrder` option (which the Logger
   * does not accept together with a `logFormatter`). Ignored with `formatter`.
   */
  logRecordOrder?: readonly string[];
}

/** The Logger's own keys: a record that could not be masked keeps them (they hold no user data). */
const SAFE_KEYS = [
  'level',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
];

/**
 * A Powertools Logger formatter that masks the chosen JSONPaths in every log item: its
 * persistent and temporary keys, the extra keys of each call, structured errors and the event
 * (`logEvent`, with `injectLambdaContext` as a decorator or as Middy middleware). Paths are
 * written from the printed item's root: `$.event.headers.Authorization`, `$..password`,
 * `$.error.details.token`.
 *
 * A masking failure never throws from a log call and never drops the line: the item goes out
 * with only the Logger's own keys and a `data_masking_error` note. A path an item lacks is
 * simply skipped (no warning per line).
 *
 * @example
 * ```ts
 * const logger = new Logger({
 *   serviceName: 'orders',
 *   logFormatter: new MaskingLogFormatter({ fields: ['$..password', '$.event.headers.Authorization'] }),
 * });
 * ```
 * @throws DataMaskingInvalidPathError, DataMaskingInvalidOptionsError when constructed (never per line).
 */
export class MaskingLogFormatter extends LogFormatter {
  readonly #formatter: LogFormatter | undefined;
  readonly #order: readonly string[] | undefined;
  readonly #mask: LogMasker;

  public constructor(options: MaskingLogFormatterOptions) {
    super();
    if (typeof options !== 'object' || options === null) {
      throw new DataMaskingInvalidOptionsError('MaskingLogFormatter options must be an object such as { fields: [...] }');
    }
    const { formatter, logRecordOrder, ...masking } = options;
    this.#formatter = formatter;
    this.#order = logRecordOrder;
    this.#mask = createLogMasker(masking, { errorView: (error) => this.formatError(error), safeKeys: SAFE_KEYS });
  }

  /** Builds the log item (your formatter's, or the standard one), then masks it. */
  public override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const item =
      this.#formatter === undefined
        ? standardLogItem(this.formatTimestamp(attributes.timestamp), attributes, additionalLogAttributes, this.#order)
        : this.#formatter.formatAttributes(attributes, additionalLogAttributes);
    item.setAttributes(this.#mask(item.getAttributes()));
    return item;
  }

  /** Errors are written by your formatter when you gave one. */
  public override formatError(error: Error): LogAttributes {
    return this.#formatter === undefined ? super.formatError(error) : this.#formatter.formatError(error);
  }
}

/**
 * The layout of Powertools' default formatter, which the package does not export (only the
 * abstract LogFormatter): its standard keys first, then the persistent, temporary and extra
 * keys, or the keys in `order`. Kept equal to it by a differential test against the real Logger.
 */
const standardLogItem = (timestamp: string, attributes: UnformattedAttributes, additional: LogAttributes, order: readonly string[] | undefined): LogItem => {
  // Built member by member, skipping undefined (the Logger drops those when it prints): one
  // object per line, and none the masker would have to delete from its copy.
  const context = attributes.lambdaContext;
  const base: LogAttributes = { level: attributes.logLevel };
  if (attributes.message !== undefined) base.message = attributes.message;
  base.timestamp = timestamp;
  if (attributes.serviceName !== undefined) base.service = attributes.serviceName;
  if (context !== undefined) {
    if (context.coldStart !== undefined) base.cold_start = context.coldStart;
    if (context.invokedFunctionArn !== undefined) base.function_arn = context.invokedFunctionArn;
    if (context.memoryLimitInMB !== undefined) base.function_memory_size = context.memoryLimitInMB;
    if (context.functionName !== undefined) base.function_name = context.functionName;
    if (context.awsRequestId !== undefined) base.function_request_id = context.awsRequestId;
  }
  if (attributes.sampleRateValue !== undefined) base.sampling_rate = attributes.sampleRateValue;
  if (attributes.xRayTraceId !== undefined) base.xray_trace_id = attributes.xRayTraceId;
  const tenantId = (context as { tenantId?: unknown } | undefined)?.tenantId;
  if (tenantId !== undefined) base.tenant_id = tenantId as LogAttributes[string];
  if (order === undefined) return new LogItem({ attributes: base }).addAttributes(additional);
  const ordered: LogAttributes = {};
  for (const key of order) {
    if (key in ordered) continue;
    if (key in base) ordered[key] = base[key];
    else if (key in additional) ordered[key] = additional[key];
  }
  for (const key in base) if (!(key in ordered)) ordered[key] = base[key];
  for (const key in additional) if (!(key in ordered)) ordered[key] = additional[key];
  return new LogItem({ attributes: ordered });
};
