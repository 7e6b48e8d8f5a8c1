import { AlgorithmSuiteIdentifier, NodeAlgorithmSuite } from '@aws-crypto/material-management-node';
import { decodeCiphertext, parseMessageHeader } from './message-header';

/** One encrypted copy of the data key in a message header. */
export interface CiphertextDataKey {
  /** Who wrapped it: `aws-kms` for KMS, the key namespace for a raw keyring. */
  readonly providerId: string;
  /** For `aws-kms`, the ARN of the KMS key that wrapped it. For raw keyrings, the key name and IV, as the ESDK stores them. */
  readonly providerInfo: string;
}

/** What the header of an ESDK message says, read without any key. See {@link inspectCiphertext}. */
export interface CiphertextInfo {
  /** Message format version: 2 for the committing suites (the default), 1 for the older ones. */
  readonly version: number;
  /** Algorithm suite id, e.g. `0x0578` (1400), the ESDK default. */
  readonly algorithmSuiteId: number;
  /** Its name, e.g. `ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384`. */
  readonly algorithmSuiteName: string;
  /** True when the suite commits to the data key (format 2). */
  readonly committing: boolean;
  /** True when the message is signed (ECDSA); its public key is then in the encryption context. */
  readonly signed: boolean;
  /** The message id, hex. */
  readonly messageId: string;
  /** The encryption context as stored, including the SDK's own `aws-crypto-public-key` when signed. */
  readonly encryptionContext: Readonly<Record<string, string>>;
  /** Every encrypted copy of the data key, in header order. */
  readonly encryptedDataKeys: readonly CiphertextDataKey[];
  /** True for framed content (the ESDK default). */
  readonly framed: boolean;
  /** Bytes of plaintext per frame (4096 by default); 0 for non-framed content. */
  readonly frameLength: number;
  /** Bytes of the header, its authentication tag included. */
  readonly headerLength: number;
  /** Bytes of the whole decoded message. */
  readonly messageLength: number;
}

/** ESDK content type of framed data. */
const FRAMED_DATA = 2;

/**
 * Reads the header of a ciphertext (base64 of an ESDK message, e.g. one made by this
 * provider or by Python Powertools) without KMS and without decrypting: algorithm suite,
 * the keys that wrapped the data key, the encryption context, framing and message id.
 * The header is not authenticated here (that needs the data key): treat what it says as a
 * claim, useful to route, debug or audit, not as proof.
 *
 * @example
 * ```ts
 * const info = inspectCiphertext(ciphertext);
 * info.encryptedDataKeys.map((key) => key.providerInfo); // ['arn:aws:kms:us-east-1:111122223333:key/...']
 * ```
 * @throws DataMaskingDecryptValueError when the value is not base64 of an ESDK message header.
 */
export const inspectCiphertext = (ciphertext: string): CiphertextInfo => {
  const message = decodeCiphertext(ciphertext);
  const { messageHeader, headerLength, headerAuth } = parseMessageHeader(message);
  const suite = new NodeAlgorithmSuite(messageHeader.suiteId);
  return {
    version: messageHeader.version,
    algorithmSuiteId: messageHeader.suiteId,
    algorithmSuiteName: AlgorithmSuiteIdentifier[messageHeader.suiteId],
    committing: suite.commitment !== 'NONE',
    signed: suite.signatureCurve !== undefined,
    messageId: Buffer.from(messageHeader.messageId).toString('hex'),
    encryptionContext: { ...messageHeader.encryptionContext },
    encryptedDataKeys: messageHeader.encryptedDataKeys.map(({ providerId, providerInfo }) => ({ providerId, providerInfo })),
    framed: messageHeader.contentType === FRAMED_DATA,
    frameLength: messageHeader.frameLength,
    headerLength: headerLength + headerAuth.headerAuthLength,
    messageLength: message.byteLength,
  };
};
