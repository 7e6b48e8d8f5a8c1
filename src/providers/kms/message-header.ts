import { NodeAlgorithmSuite } from '@aws-crypto/material-management-node';
import { deserializeFactory, type HeaderInfo } from '@aws-crypto/serialize';
import { DataMaskingDecryptValueError } from '../../errors';
import { PUBLIC_KEY_CONTEXT_KEY } from './encryption-context';

/** Standard base64 (RFC 4648 §4, `+` and `/`) with its padding: what Python Powertools produces. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Decodes a ciphertext string (standard, padded base64 of an ESDK message).
 *
 * @throws DataMaskingDecryptValueError for anything that is not a non-empty base64 string.
 */
export const decodeCiphertext = (ciphertext: unknown): Buffer => {
  if (typeof ciphertext !== 'string') {
    throw new DataMaskingDecryptValueError(`The ciphertext must be a base64 string, got ${describe(ciphertext)}`);
  }
  if (ciphertext.length === 0) throw new DataMaskingDecryptValueError('The ciphertext is empty');
  if (!BASE64.test(ciphertext)) {
    throw new DataMaskingDecryptValueError('The ciphertext is not standard base64 (A-Z a-z 0-9 + / with = padding)');
  }
  return Buffer.from(ciphertext, 'base64');
};

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
 * A signed suite's message carries its verification key in the context, an unsigned one
 * never does. A header where the two disagree was altered (e.g. its suite id swapped); caught
 * here, before any KMS call, it is a value error rather than a key failure.
 */
const assertSuiteFitsContext = ({ algorithmSuite, messageHeader }: HeaderInfo): void => {
  const signed = algorithmSuite.signatureCurve !== undefined;
  const hasVerificationKey = Object.hasOwn(messageHeader.encryptionContext, PUBLIC_KEY_CONTEXT_KEY);
  if (signed !== hasVerificationKey) {
    throw new DataMaskingDecryptValueError(
      'The ciphertext was altered: its algorithm suite does not match its header (signing key present or missing)',
    );
  }
};
