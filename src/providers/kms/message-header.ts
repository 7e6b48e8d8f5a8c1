import { NodeAlgorithmSuite } from '@aws-crypto/material-management-node';
import { decodeBodyHeader, deserializeFactory, type HeaderInfo } from '@aws-crypto/serialize';
import { DataMaskingDecryptValueError } from '../../errors';
import { PUBLIC_KEY_CONTEXT_KEY } from './encryption-context';

/**
 * The characters of standard base64 (RFC 4648 §4, `+` and `/`), then at most two `=`. A single
 * character class with no nested quantifier: V8 runs it as a loop, whatever the length (the
 * grouped form `(?:[...]{4})*` overflowed the regex stack from about 4 MB, with a RangeError).
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Decodes a ciphertext string (standard, padded base64 of an ESDK message), of any length.
 *
 * @throws DataMaskingDecryptValueError for anything that is not a non-empty base64 string.
 */
export const decodeCiphertext = (ciphertext: unknown): Buffer => {
  if (typeof ciphertext !== 'string') {
    throw new DataMaskingDecryptValueError(`The ciphertext must be a base64 string, got ${describe(ciphertext)}`);
  }
  if (ciphertext.length === 0) throw new DataMaskingDecryptValueError('The ciphertext is empty');
  if (ciphertext.length % 4 !== 0 || !BASE64.test(ciphertext)) {
    throw new DataMaskingDecryptValueError('The ciphertext is not standard base64 (A-Z a-z 0-9 + / with = padding)');
  }
  return Buffer.from(ciphertext, 'base64');
};

/** Lenient, as the ESDK's own: a raw keyring's provider info holds binary (its IV) after the key name. */
const toUtf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

let deserializer: ReturnType<typeof deserializeFactory<NodeAlgorithmSuite>> | undefined;

/**
 * Parses the header of an ESDK message (format 1 or 2), without any key: the same
 * deserializer the ESDK's decrypt uses.
 *
 * @throws DataMaskingDecryptValueError when the bytes are not an ESDK message or stop inside the header.
 */
export const parseMessageHeader = (message: Uint8Array): HeaderInfo => {
  deserializer ??= deserializeFactory(toUtf8, NodeAlgorithmSuite);
  let header: HeaderInfo | false;
  try {
    header = deserializer.deserializeMessageHeader(message);
  } catch (error) {
    throw new DataMaskingDecryptValueError('The ciphertext is not an AWS Encryption SDK message', { cause: error });
  }
  if (header === false) {
    throw new DataMaskingDecryptValueError('The ciphertext is truncated: it ends inside the message header');
  }
  assertSuiteFitsContext(header);
  return header;
};

/**
 * Refuses a message that lists more encrypted data keys than `max`, before any KMS call: each
 * one the keyring can try costs a KMS request, so a crafted message could otherwise make one
 * decrypt call KMS thousands of times.
 */
export const assertDataKeyCount = ({ messageHeader }: HeaderInfo, max: number): void => {
  const count = messageHeader.encryptedDataKeys.length;
  if (count > max) {
    throw new DataMaskingDecryptValueError(
      `The ciphertext lists ${count} encrypted data keys, more than maxEncryptedDataKeys (${max}); it was not sent to KMS`,
    );
  }
};

/**
 * Walks the body's frame headers (and the footer of a signed suite) to find where the message
 * ends, and refuses a message with bytes after that end, as the ESDK specification requires
 * (the ESDK's own decrypt ignores them). No key and no decryption needed: lengths only.
 *
 * @throws DataMaskingDecryptValueError for bytes after the end, or a body that stops early.
 */
export const assertMessageEnds = (message: Uint8Array, info: HeaderInfo): void => {
  let position = info.headerLength + info.headerAuth.headerAuthLength;
  let end: number | undefined;
  try {
    for (;;) {
      const frame = decodeBodyHeader(message, info, position);
      if (frame === false) break;
      position = frame.readPos + frame.contentLength + frame.tagLength / 8;
      if (frame.isFinalFrame) {
        end = position;
        break;
      }
    }
  } catch (error) {
    throw new DataMaskingDecryptValueError('The ciphertext body is malformed', { cause: error });
  }
  if (end !== undefined && info.algorithmSuite.signatureCurve !== undefined) {
    end = end + 2 <= message.byteLength ? end + 2 + ((message[end]! << 8) | message[end + 1]!) : undefined;
  }
  if (end === undefined || end > message.byteLength) {
    throw new DataMaskingDecryptValueError('The ciphertext is truncated: it ends inside the message body');
  }
  if (end < message.byteLength) {
    throw new DataMaskingDecryptValueError(`The ciphertext has ${message.byteLength - end} bytes after the end of the message`);
  }
};

/**
 * A signed suite's message carries its verification key in the context, an unsigned one
 * never does. A header where the two disagree was altered (e.g. its suite id swapped); caught
 * here, before any KMS call, it is a value error rather than a key failure.
 */
const assertSuiteFitsContext = ({ algorithmSuite, messageHeader }: HeaderInfo): void => {
  const signed = algorithmSuite.signatureCurve !== undefined;
  const hasVerificationKey = Object.hasOwn(messageHeader.encryptionContext, PUBLIC_KEY_CONTEXT_KEY);
  if (signed !== hasVerificationKey) {
    throw new DataMaskingDecryptValueError('The ciphertext was altered: its algorithm suite does not match its header (signing key present or missing)');
  }
};
