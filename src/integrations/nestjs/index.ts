/**
 * NestJS integration of lambda-data-masking (subpath `lambda-data-masking/nestjs`): a module
 * providing `DataMasking`, an interceptor masking responses, a route decorator choosing what
 * to mask, and a pipe decrypting request bodies into DTOs. Only this subpath loads NestJS;
 * `@nestjs/common`, `@nestjs/core`, `rxjs` and `reflect-metadata` are optional peer dependencies.
 *
 * @example
 * ```ts
 * import { DataMaskingInterceptor, DataMaskingModule, DecryptBodyPipe, MaskResponse } from 'lambda-data-masking/nestjs';
 * ```
 * @module
 */
// First: names any missing peer before loading them.
import './peers';
export { DATA_MASKING_MODULE_OPTIONS } from './constants';
export { DataMaskingInterceptor } from './data-masking.interceptor';
export { DataMaskingModule, type DataMaskingModuleAsyncOptions, type DataMaskingModuleOptions } from './data-masking.module';
export { DecryptBodyPipe, type DecryptBodyPipeOptions } from './decrypt-body.pipe';
export { MaskResponse, type MaskResponseOptions } from './mask-response.decorator';
export type { MaskResultOptions } from '../../handler-result/mask-result';
