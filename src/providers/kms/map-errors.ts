import { DataMaskingDecryptKeyError, DataMaskingDecryptValueError, DataMaskingEncryptKeyError, DataMaskingError } from '../../errors';
import { excerptForMessage } from '../../errors-format';
import { KeyMaterialsFailure, type KmsCallFailure } from './key-failure';

/** Most KMS failures or recipients one message lists; key names come from headers, so each is cut. */
const MAX_LISTED = 5;
const KEY_NAME_CHARS = 160;

const listed = <T>(items: readonly T[], describe: (item: T) => string, separator: string): string => {
  const shown = items.slice(0, MAX_LISTED).map(describe).join(separator);
  return items.length > MAX_LISTED ? `${shown}${separator}and ${items.length - MAX_LISTED} more` : shown;
};

const errorName = (error: unknown): string =>
  excerptForMessage(
    error instanceof Error ? error.name : typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : typeof error,
    80,
  );

const describeFailures = (failures: readonly KmsCallFailure[]): string =>
  listed(
    failures,
    ({ operation, keyId, error }) =>
      `${operation} with ${keyId === undefined ? 'an unnamed key' : excerptForMessage(keyId, KEY_NAME_CHARS)}: ${errorName(error)}`,
    '; ',
  );

/** The error to keep as `cause`: the typed KMS exception when there is one, else what the ESDK threw. */
const causeOf = (failure: KeyMaterialsFailure): unknown => failure.kmsFailures[0]?.error ?? failure.cause;

/** Maps any failure of the ESDK's encrypt to a library error. ESDK encrypt errors never hold plaintext. */
export const encryptFailure = (error: unknown): DataMaskingError => {
  if (error instanceof DataMaskingError) return error;
  if (error instanceof KeyMaterialsFailure) {
    const detail = error.kmsFailures.length > 0 ? describeFailures(error.kmsFailures) : `the keyring failed (${errorName(error.cause)})`;
    return new DataMaskingEncryptKeyError(`Could not get a data key to encrypt with: ${detail}`, { cause: causeOf(error) });
  }
  return new DataMaskingError(`Encryption failed (${errorName(error)})`, { cause: error });
};

/** What the message header says about who can unwrap its data key (KMS key ARNs only). */
const describeRecipients = (kmsKeyArns: readonly string[]): string =>
  kmsKeyArns.length > 0 ? `; the data key is wrapped for ${listed(kmsKeyArns, (arn) => excerptForMessage(arn, KEY_NAME_CHARS), ', ')}` : '';

/**
 * Maps any failure of the ESDK's decrypt to a library error:
 * - key material failures: `DataMaskingDecryptKeyError`, the typed KMS exception as `cause`;
 *   but when KMS only answered `InvalidCiphertextException` (the wrapped data key or the
 *   context in the header was altered), `DataMaskingDecryptValueError`;
 * - everything else (authentication of header, frames or signature failed, truncated
 *   body, unsupported suite): `DataMaskingDecryptValueError`.
 */
export const decryptFailure = (error: unknown, kmsKeyArns: readonly string[]): DataMaskingError => {
  if (error instanceof DataMaskingError) return error;
  if (error instanceof KeyMaterialsFailure) {
    const { kmsFailures } = error;
    if (kmsFailures.length > 0 && kmsFailures.every((failure) => errorName(failure.error) === 'InvalidCiphertextException')) {
      return new DataMaskingDecryptValueError(`KMS refused the encrypted data key as invalid: the ciphertext was altered (${describeFailures(kmsFailures)})`, {
        cause: causeOf(error),
      });
    }
    if (kmsFailures.length === 0 && error.kmsSuccesses > 0) {
      // KMS unwrapped the data key, yet the materials were refused: the header (its suite,
      // its signing key) no longer fits the key it was made with.
      return new DataMaskingDecryptValueError(`The ciphertext's header does not fit its own data key: the ciphertext was altered (${errorName(error.cause)})`, {
        cause: error.cause,
      });
    }
    const detail =
      kmsFailures.length > 0
        ? describeFailures(kmsFailures)
        : `no configured key could unwrap the data key (${errorName(error.cause)})${describeRecipients(kmsKeyArns)}`;
    return new DataMaskingDecryptKeyError(`Could not decrypt the data key: ${detail}`, { cause: causeOf(error) });
  }
  return new DataMaskingDecryptValueError(`The ciphertext could not be decrypted: it is truncated, altered or not supported (${errorName(error)})`, {
    cause: error,
  });
};
