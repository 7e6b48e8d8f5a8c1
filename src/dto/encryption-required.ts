import { DataMaskingError } from '../errors';

/**
 * What `maskSync` throws for a class that can hold an `@Encrypt` property: a plain
 * `DataMaskingError` to callers; its class lets `@MaskHandler` fall back to the async path.
 * @internal
 */
export class EncryptionRequiredError extends DataMaskingError {}
