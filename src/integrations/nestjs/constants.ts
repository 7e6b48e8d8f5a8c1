/**
 * Injection and metadata tokens of the NestJS integration.
 * @module
 */

/** Metadata key under which `@MaskResponse()` stores a route's (or controller's) options. @internal */
export const MASK_RESPONSE_METADATA = 'lambda-data-masking:mask-response';

/**
 * Injection token of the options given to `DataMaskingModule.forRoot` / `forRootAsync`.
 *
 * @example
 * ```ts
 * constructor(@Inject(DATA_MASKING_MODULE_OPTIONS) options: DataMaskingModuleOptions) {}
 * ```
 */
export const DATA_MASKING_MODULE_OPTIONS = Symbol('lambda-data-masking:module-options');
