import type { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';

type RawAesWrappingSuite = (typeof RawAesWrappingSuiteIdentifier)[keyof typeof RawAesWrappingSuiteIdentifier];
import type { KeyringNode, NodeDecryptionMaterial, NodeEncryptionMaterial } from '@aws-crypto/material-management-node';
import type { EncryptedDataKey } from '@aws-crypto/material-management-node';
import { DataMaskingInvalidOptionsError } from '../../errors';
import { requireOptional } from '../../optional/require-optional';

type RawAesModule = typeof import('@aws-crypto/raw-aes-keyring-node');
type MaterialModule = typeof import('@aws-crypto/material-management-node');

/** Options of {@link rawAesKeyring}. */
export interface RawAesKeyringOptions {
  /** Namespace of the wrapping key (the message's provider id): decrypt needs the same. */
  keyNamespace: string;
  /** Name of the wrapping key (recorded in each message): decrypt needs the same. */
  keyName: string;
  /** The AES key, 16, 24 or 32 bytes. Copied: the keyring takes its copy over and wipes it on disposal. */
  wrappingKey: Uint8Array;
  /**
   * Also decrypt messages whose data key was wrapped by a keyring built without
   * `utf8Sorting: true` (this library's README before 2026, the SDK's default). Encrypt always
   * uses the specification's ordering. Turn it off once no such message is left.
   * @default false
   */
  readLegacyOrdering?: boolean;
}

/**
 * A raw AES keyring (`@aws-crypto/raw-aes-keyring-node`, needed) that interoperates with Python
 * and the other Encryption SDKs: built with `utf8Sorting: true`. Without it, the JavaScript SDK
 * orders the encryption context it binds to the wrapped data key by `localeCompare` instead of
 * by UTF-8 bytes as the specification says, so as soon as two context keys differ in case
 * (`Tenant` and `app`, or any capitalised key next to the SDK's own `aws-crypto-public-key`)
 * neither side can unwrap the other's data keys.
 *
 * @example
 * ```ts
 * const keyring = rawAesKeyring({ keyNamespace: 'my-company', keyName: 'data-masking-2025', wrappingKey });
 * const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keyring }) });
 * ```
 * @throws DataMaskingInvalidOptionsError for a missing name or a key that is not 16, 24 or 32 bytes.
 */
export const rawAesKeyring = (options: RawAesKeyringOptions): KeyringNode => {
  const { keyNamespace, keyName, wrappingKey, readLegacyOrdering = false } = options;
  if (typeof keyNamespace !== 'string' || keyNamespace === '' || typeof keyName !== 'string' || keyName === '') {
    throw new DataMaskingInvalidOptionsError('rawAesKeyring needs a non-empty keyNamespace and keyName');
  }
  if (!(wrappingKey instanceof Uint8Array) || ![16, 24, 32].includes(wrappingKey.byteLength)) {
    throw new DataMaskingInvalidOptionsError('rawAesKeyring needs a wrappingKey of 16, 24 or 32 bytes (a Uint8Array or Buffer)');
  }
  const raw = requireOptional<RawAesModule>('@aws-crypto/raw-aes-keyring-node', "'lambda-data-masking/kms' rawAesKeyring");
  const suite = WRAPPING_SUITES(raw)[wrappingKey.byteLength]!;
  const build = (utf8Sorting: boolean): RawAesKeyringNode =>
    new raw.RawAesKeyringNode({ keyNamespace, keyName, unencryptedMasterKey: new Uint8Array(wrappingKey), wrappingSuite: suite, utf8Sorting });
  const keyring = build(true);
  if (!readLegacyOrdering) return keyring;
  const material = require('@aws-crypto/material-management-node') as MaterialModule;
  return new (legacyReadingKeyring(material))(keyring, build(false));
};

const WRAPPING_SUITES = (raw: RawAesModule): Record<number, RawAesWrappingSuite> => ({
  16: raw.RawAesWrappingSuiteIdentifier.AES128_GCM_IV12_TAG16_NO_PADDING,
  24: raw.RawAesWrappingSuiteIdentifier.AES192_GCM_IV12_TAG16_NO_PADDING,
  32: raw.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
});

/**
 * Encrypts with the specification's ordering only (one wrapped data key per message); decrypts
 * with it, then, when that found no key, with the SDK's legacy ordering.
 */
const legacyReadingKeyring = ({ KeyringNode: Base }: MaterialModule) =>
  class LegacyReadingRawAesKeyring extends Base {
    public constructor(
      private readonly current: KeyringNode,
      private readonly legacy: KeyringNode,
    ) {
      super();
    }

    public override _onEncrypt(material: NodeEncryptionMaterial): Promise<NodeEncryptionMaterial> {
      return this.current.onEncrypt(material);
    }

    public override async _onDecrypt(material: NodeDecryptionMaterial, keys: EncryptedDataKey[]): Promise<NodeDecryptionMaterial> {
      const decrypted = await this.current.onDecrypt(material, keys);
      return decrypted.hasValidKey() ? decrypted : this.legacy.onDecrypt(material, keys);
    }
  };
