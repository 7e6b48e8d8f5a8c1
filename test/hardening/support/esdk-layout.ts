/**
 * Where things are in an AWS Encryption SDK message of format version 2 (the committing suites
 * this library encrypts with), so the decrypt fuzzer can aim its mutations: the encryption
 * context, each encrypted data key, the header authentication tag, the frames and the footer.
 *
 * ```
 * header   version(1)=0x02 suite(2) messageId(32) aadLength(2) [count(2) (kLen(2) k vLen(2) v)*]
 *          edkCount(2) (pidLen(2) pid pinfoLen(2) pinfo edkLen(2) edk)* contentType(1)
 *          frameLength(4) suiteData(32)  authTag(16)
 * body     regular frame: seq(4) iv(12) content(frameLength) tag(16)
 *          final frame:   0xFFFFFFFF(4) seq(4) iv(12) contentLength(4) content tag(16)
 * footer   (signed suites) signatureLength(2) signature
 * ```
 * Written from the format spec; cross-checked in the tests against `inspectCiphertext`.
 */

export interface EdkLayout {
  /** Offset of the entry's first byte (its provider id length). */
  readonly start: number;
  /** Offset just after the entry. */
  readonly end: number;
  readonly providerId: string;
  readonly providerInfo: string;
  /** Offset and length of the wrapped data key blob. */
  readonly blobStart: number;
  readonly blobLength: number;
}

export interface FrameLayout {
  readonly start: number;
  readonly end: number;
  readonly final: boolean;
}

export interface MessageLayout {
  readonly suiteId: number;
  /** The serialized encryption context (count + pairs), without its 2-byte length. */
  readonly aadStart: number;
  readonly aadEnd: number;
  readonly context: Record<string, string>;
  /** The EDK count field and the entries after it. */
  readonly edkCountAt: number;
  readonly edks: readonly EdkLayout[];
  readonly edkEnd: number;
  /** Header bytes before the authentication tag, and the tag itself. */
  readonly headerBodyEnd: number;
  readonly headerEnd: number;
  readonly frameLength: number;
  readonly frames: readonly FrameLayout[];
  /** Where the footer (signature) starts; the message length when unsigned. */
  readonly footerStart: number;
}

const SUITE_DATA_BYTES = 32;
const AUTH_TAG_BYTES = 16;
const IV_BYTES = 12;
const FINAL_FRAME = 0xffffffff;

/** Parses a well-formed v2 message (a seed made by the provider). Throws on anything else. */
export const layoutOf = (message: Buffer): MessageLayout => {
  if (message[0] !== 0x02) throw new Error('not a format-2 ESDK message');
  const suiteId = message.readUInt16BE(1);
  let at = 1 + 2 + 32;
  const aadLength = message.readUInt16BE(at);
  at += 2;
  const aadStart = at;
  const context: Record<string, string> = {};
  if (aadLength > 0) {
    const count = message.readUInt16BE(at);
    at += 2;
    for (let pair = 0; pair < count; pair++) {
      const keyLength = message.readUInt16BE(at);
      const key = message.subarray(at + 2, at + 2 + keyLength).toString('utf8');
      at += 2 + keyLength;
      const valueLength = message.readUInt16BE(at);
      context[key] = message.subarray(at + 2, at + 2 + valueLength).toString('utf8');
      at += 2 + valueLength;
    }
  }
  const aadEnd = at;
  if (aadEnd - aadStart !== aadLength) throw new Error('inconsistent AAD length');
  const edkCountAt = at;
  const edkCount = message.readUInt16BE(at);
  at += 2;
  const edks: EdkLayout[] = [];
  for (let index = 0; index < edkCount; index++) {
    const start = at;
    const idLength = message.readUInt16BE(at);
    const providerId = message.subarray(at + 2, at + 2 + idLength).toString('utf8');
    at += 2 + idLength;
    const infoLength = message.readUInt16BE(at);
    const providerInfo = message.subarray(at + 2, at + 2 + infoLength).toString('utf8');
    at += 2 + infoLength;
    const blobLength = message.readUInt16BE(at);
    const blobStart = at + 2;
    at = blobStart + blobLength;
    edks.push({ start, end: at, providerId, providerInfo, blobStart, blobLength });
  }
  const edkEnd = at;
  at += 1; // content type
  const frameLength = message.readUInt32BE(at);
  at += 4 + SUITE_DATA_BYTES;
  const headerBodyEnd = at;
  const headerEnd = at + AUTH_TAG_BYTES;
  const frames: FrameLayout[] = [];
  at = headerEnd;
  for (;;) {
    const start = at;
    if (message.readUInt32BE(at) === FINAL_FRAME) {
      const contentLength = message.readUInt32BE(at + 4 + 4 + IV_BYTES);
      at += 4 + 4 + IV_BYTES + 4 + contentLength + AUTH_TAG_BYTES;
      frames.push({ start, end: at, final: true });
      break;
    }
    at += 4 + IV_BYTES + frameLength + AUTH_TAG_BYTES;
    frames.push({ start, end: at, final: false });
  }
  if (at > message.length) throw new Error('frames overrun the message');
  return { suiteId, aadStart, aadEnd, context, edkCountAt, edks, edkEnd, headerBodyEnd, headerEnd, frameLength, frames, footerStart: at };
};

const u16 = (value: number): Buffer => {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value);
  return out;
};

/** The serialized form of a context (pairs in the given order), as the header stores it. */
export const serializeContext = (pairs: readonly (readonly [string, string])[]): Buffer => {
  if (pairs.length === 0) return Buffer.alloc(0);
  const parts: Buffer[] = [u16(pairs.length)];
  for (const [key, value] of pairs) {
    const keyBytes = Buffer.from(key, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    parts.push(u16(keyBytes.length), keyBytes, u16(valueBytes.length), valueBytes);
  }
  return Buffer.concat(parts);
};

/** The message with its serialized context replaced (the AAD length rewritten to match). */
export const withContext = (message: Buffer, layout: MessageLayout, pairs: readonly (readonly [string, string])[]): Buffer => {
  const aad = serializeContext(pairs);
  return Buffer.concat([message.subarray(0, layout.aadStart - 2), u16(aad.length), aad, message.subarray(layout.aadEnd)]);
};

/** The serialized form of one EDK entry. */
export const serializeEdk = (providerId: string, providerInfo: string, blob: Buffer): Buffer => {
  const id = Buffer.from(providerId, 'utf8');
  const info = Buffer.from(providerInfo, 'utf8');
  return Buffer.concat([u16(id.length), id, u16(info.length), info, u16(blob.length), blob]);
};

/** The message with its EDK list replaced by `entries` (each already serialized). */
export const withEdks = (message: Buffer, layout: MessageLayout, entries: readonly Buffer[]): Buffer =>
  Buffer.concat([message.subarray(0, layout.edkCountAt), u16(entries.length), ...entries, message.subarray(layout.edkEnd)]);

/** The bytes of one existing EDK entry. */
export const edkBytes = (message: Buffer, edk: EdkLayout): Buffer => message.subarray(edk.start, edk.end);

/** The wrapped data key blob of one existing EDK entry. */
export const edkBlob = (message: Buffer, edk: EdkLayout): Buffer => message.subarray(edk.blobStart, edk.blobStart + edk.blobLength);
