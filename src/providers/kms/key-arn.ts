import { DataMaskingInvalidOptionsError } from '../../errors';

/**
 * A KMS key ARN: `arn:<partition>:kms:<region>:<12-digit account>:key/<key id>`, the
 * partition being `aws`, `aws-cn`, `aws-us-gov` or another `aws-*` partition, the key id a
 * UUID or a multi-Region `mrk-...` id.
 */
const KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:[a-z]+(?:-[a-z0-9]+)+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** True when `value` is a KMS key ARN (not an alias, alias ARN or bare key id). */
export const isKmsKeyArn = (value: unknown): value is string => typeof value === 'string' && KEY_ARN.test(value);

const explain = (key: string): string => {
  if (key.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(key)) {
    return 'is an alias: a keyring built from an alias encrypts, but can never decrypt its own messages, because a message records the key ARN and decrypt only uses keys it was configured with';
  }
  if (/^(?:mrk-)?[0-9a-f-]{32,}$/i.test(key)) {
    return 'is a bare key id: messages record the key ARN, so decrypt needs the full key ARN';
  }
  return 'is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)';
};

/**
 * Checks the `keys` option: a non-empty array of distinct KMS key ARNs.
 *
 * @throws DataMaskingInvalidOptionsError explaining what is wrong with the first bad entry.
 */
export const validateKeyArns = (keys: unknown): string[] => {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new DataMaskingInvalidOptionsError('keys must be a non-empty array of KMS key ARNs');
  }
  keys.forEach((key, index) => {
    if (typeof key !== 'string') {
      throw new DataMaskingInvalidOptionsError(`keys[${index}] must be a KMS key ARN string, got ${key === null ? 'null' : typeof key}`);
    }
    if (!isKmsKeyArn(key)) {
      throw new DataMaskingInvalidOptionsError(`keys[${index}] '${key}' ${explain(key)}`);
    }
    if (keys.indexOf(key) !== index) {
      throw new DataMaskingInvalidOptionsError(`keys[${index}] repeats keys[${keys.indexOf(key)}]`);
    }
  });
  return [...keys] as string[];
};
