import type { EncryptionContext } from '../types';

/**
 * What a masker was built with that the integrations check their own options against when they
 * are set up (a Middy middleware or `@MaskHandler` given a `masker` and a `context` refuses a
 * conflicting key at cold start rather than at the first request). Set by the `DataMasking`
 * constructor only (keyed by the masker; typed as `object` so this layer imports nothing above it).
 * @internal
 */
export const maskerDefaults = new WeakMap<object, { readonly context: Readonly<EncryptionContext> | undefined }>();
