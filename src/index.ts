/**
 * lambda-data-masking: erase, encrypt and decrypt sensitive data chosen by JSONPath.
 * This entry loads no encryption SDK; the KMS provider lives in `lambda-data-masking/kms`.
 * @module
 */
export { DataMasking } from './DataMasking';
export { FIELD_CONTEXT_KEY } from './engine/context';
export * from './errors';
export { MAX_DEPTH } from './json/json-view';
export { DATA_MASKING_STRING } from './masks/default-mask';
export { PATH_CACHE_CAPACITY, getPathParseCount } from './paths/compile';
export type * from './types';
