/**
 * lambda-data-masking: erase, encrypt and decrypt sensitive data chosen by JSONPath.
 * This entry loads no encryption SDK; the KMS provider lives in `lambda-data-masking/kms`.
 * @module
 */
export { DataMasking } from './DataMasking';
export type { MemberDecorator } from './decorators/decorator-types';
export { Encrypt } from './decorators/Encrypt';
export { Erase } from './decorators/Erase';
export type { MaskOptions } from './dto/interpreter';
export { MaskHandler, type HandlerMethodDecorator, type MaskHandlerOptions } from './decorators/MaskHandler';
export { MaskNested, type MaskNestedOptions } from './decorators/MaskNested';
export { type MaskResultOptions, maskResult } from './handler-result/mask-result';
export type { EncryptContext, EncryptOptions } from './metadata/metadata';
export { type CompileEraserOptions, type CompileEraserSettings, type CompiledEraser, type MissingFieldMode, compileEraser } from './operations/compile-eraser';
export { FIELD_CONTEXT_KEY } from './operations/context';
export { enableEncryption } from './operations/encryption';
export * from './errors';
export { MAX_DEPTH } from './json/json-view';
export { DATA_MASKING_STRING } from './masks/default-mask';
export { enableRegex } from './masks/enable-regex';
export type * from './types';
