/**
 * The ciphertext blobs of LocalKms: a private format (real KMS blobs are opaque too) that names
 * its key and is sealed with AES-256-GCM under that key's secret, with the encryption context
 * bound as additional authenticated data.
 *
 * ```
 * offset  size  field
 * 0       4     magic "LKMS"
 * 4       1     version (1)
 * 5       1     n = length of the key id
 * 6       n     key id (UTF-8, the key's UUID)
 * 6+n     12    GCM nonce (random per blob)
 * 18+n    ...   ciphertext
 * end-16  16    GCM tag
 * ```
 *
 * AAD = the header (bytes 0 .. 6+n) followed by the canonical context, so neither the key id
 * nor the context can be changed without the tag failing.
 * @module
 * @internal
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ContextPairs } from './request-fields';

const MAGIC = Buffer.from('LKMS', 'ascii');
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_FIXED = MAGIC.length + 2;

/** Bytes of a fresh per-key secret (AES-256). */
export const KEY_SECRET_BYTES = 32;

/** A fresh random per-key secret. */
export function newKeySecret(): Buffer {
  return randomBytes(KEY_SECRET_BYTES);
}

/**
 * The canonical form of an encryption context: its pairs sorted by key (UTF-16 code units),
 * serialised as a JSON array of `[key, value]` pairs, which is unambiguous.
 */
export function canonicalContext(context: ContextPairs): Buffer {
  const sorted = [...context].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

function header(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  if (id.length === 0 || id.length > 255) throw new RangeError('key id must be 1..255 bytes');
  return Buffer.concat([MAGIC, Buffer.from([VERSION, id.length]), id]);
}

/** Seals `plaintext` for the key `keyId` under its `secret`, bound to `context`. */
export function sealBlob(keyId: string, secret: Buffer, plaintext: Buffer, context: ContextPairs): Buffer {
  const head = header(keyId);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secret, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([head, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, nonce, body, cipher.getAuthTag()]);
}

/** The parts of a blob whose framing is well formed (its content is not yet authenticated). */
export interface BlobParts {
  /** The key id the blob claims. */
  keyId: string;
  /** Magic, version, key id length and key id: authenticated as AAD. */
  header: Buffer;
  /** The 12-byte GCM nonce. */
  nonce: Buffer;
  /** The encrypted bytes. */
  body: Buffer;
  /** The 16-byte GCM tag. */
  tag: Buffer;
}

/** Splits a blob into its parts, or returns `undefined` when the framing is not ours. */
export function parseBlob(blob: Buffer): BlobParts | undefined {
  if (blob.length < HEADER_FIXED || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (blob[MAGIC.length] !== VERSION) return undefined;
  const idLength = blob[MAGIC.length + 1] ?? 0;
  const headerEnd = HEADER_FIXED + idLength;
  if (idLength === 0 || blob.length < headerEnd + NONCE_BYTES + TAG_BYTES) return undefined;
  return {
    keyId: blob.subarray(HEADER_FIXED, headerEnd).toString('utf8'),
    header: blob.subarray(0, headerEnd),
    nonce: blob.subarray(headerEnd, headerEnd + NONCE_BYTES),
    body: blob.subarray(headerEnd + NONCE_BYTES, blob.length - TAG_BYTES),
    tag: blob.subarray(blob.length - TAG_BYTES),
  };
}

/** Opens a parsed blob with its key's `secret`; `undefined` when authentication fails. */
export function openBlob(parts: BlobParts, secret: Buffer, context: ContextPairs): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, parts.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([parts.header, canonicalContext(context)]));
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.body), decipher.final()]);
  } catch {
    return undefined;
  }
}
