import type { DataMasking } from '../DataMasking';
import type { EncryptionContext } from '../types';

/**
 * What a masker was built with that the integrations check their own options against when they
 * are set up (a Middy middleware or `@MaskHandler` given a `masker` and a `context` refuses a
 * conflicting key at cold start rather than at the first request). Set by the constructor only.
 * @internal
 */
export const maskerDefaults = new WeakMap<DataMasking, { readonly context: Readonly<EncryptionContext> | undefined }>();
