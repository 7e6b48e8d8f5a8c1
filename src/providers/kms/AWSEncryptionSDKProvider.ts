import type { buildDecrypt } from '@aws-crypto/decrypt-node';
import type { buildEncrypt } from '@aws-crypto/encrypt-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy, type KeyringNode, type NodeMaterialsManager } from '@aws-crypto/material-management-node';
import { DataMaskingDecryptValueError, DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../../errors';
import { copyJson } from '../../json/copy-json';
import { toPublicError } from '../../json/json-view';
import type { EncryptionProvider, ProviderCallOptions } from '../../types';
import { validateContext } from '../../operations/context';
import { buildMaterialsManager } from './coalescing-materials-manager';
import { assertContextMatches } from './encryption-context';
import { validateKeyArns } from './key-arn';
import { buildKmsKeyring } from './keyring';
import { enableEncryptionOnUse, loadHierarchical, loadStreamingSdk } from './lazy';
import { decryptFailure, encryptFailure } from './map-errors';
import { decryptMessage } from './decrypt-message';
import { MAX_IN_MEMORY_PLAINTEXT, encryptMessage } from './encrypt-message';
import { assertDataKeyCount, assertMessageEnds, decodeCiphertext, parseMessageHeader } from './message-header';
import { resolveOperationGate, type OperationGate } from './operation-gate';
import type { AWSEncryptionSDKProviderOptions } from './options';
import { resolveCacheLimits, resolveCallOptions, resolveMaxEncryptedDataKeys } from './resolve-options';

const KMS_PROVIDER_ID = 'aws-kms';
const COMMITMENT_POLICY = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;

/**
 * `JSON.stringify` of the value's JSON view, validated by the engine's own copy first: a Map,
 * Set, BigInt, function or typed array anywhere inside is refused (as erase refuses it), where
 * `JSON.stringify` alone would encrypt `{}` or drop the member and lose it silently.
 */
const defaultSerializer = (value: unknown): string => {
  let view: unknown;
  try {
    view = copyJson(value, 0);
  } catch (error) {
    throw toPublicError(error, value);
  }
  return JSON.stringify(view);
};
const defaultDeserializer = (text: string): unknown => JSON.parse(text);

/** A plaintext that is not valid UTF-8 was not made from a string: refused, never repaired into U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type Esdk = { encrypt: ReturnType<typeof buildEncrypt>['encrypt']; decrypt: ReturnType<typeof buildDecrypt>['decrypt'] };

/** One pair of clients per data-key limit is enough: they only hold the policy and the limit. */
const clients = new Map<number, Esdk>();
const getEsdk = (maxEncryptedDataKeys: number): Esdk => {
  let esdk = clients.get(maxEncryptedDataKeys);
  if (esdk === undefined) {
    const options = { commitmentPolicy: COMMITMENT_POLICY, maxEncryptedDataKeys };
    const { buildEncrypt, buildDecrypt } = loadStreamingSdk();
    esdk = { encrypt: buildEncrypt(options).encrypt, decrypt: buildDecrypt(options).decrypt };
    clients.set(maxEncryptedDataKeys, esdk);
  }
  return esdk;
};

const buildKeyring = (options: AWSEncryptionSDKProviderOptions, maxEncryptedDataKeys: number): KeyringNode => {
  const { keys, keyring, kmsClient, kmsClientConfig } = options as unknown as Partial<Record<string, unknown>>;
  if (keys !== undefined && keyring !== undefined) {
    throw new DataMaskingInvalidOptionsError('Give either keys (KMS key ARNs) or a keyring, not both');
  }
  if (kmsClient !== undefined && kmsClientConfig !== undefined) {
    throw new DataMaskingInvalidOptionsError('Give either kmsClient or kmsClientConfig, not both');
  }
  if (keyring !== undefined) {
    if (kmsClient !== undefined || kmsClientConfig !== undefined) {
      throw new DataMaskingInvalidOptionsError('kmsClient and kmsClientConfig apply to keys only; configure your keyring instead');
    }
    if (typeof keyring !== 'object' || keyring === null || typeof (keyring as KeyringNode).onEncrypt !== 'function') {
      throw new DataMaskingInvalidOptionsError('keyring must be an AWS Encryption SDK keyring (e.g. KmsKeyringNode, RawAesKeyringNode)');
    }
    return keyring as KeyringNode;
  }
  if (keys === undefined) {
    throw new DataMaskingInvalidOptionsError('AWSEncryptionSDKProvider needs keys (KMS key ARNs) or a keyring');
  }
  const arns = validateKeyArns(keys);
  if (arns.length > maxEncryptedDataKeys) {
    throw new DataMaskingInvalidOptionsError(
      `${arns.length} keys wrap each data key, more than maxEncryptedDataKeys (${maxEncryptedDataKeys}): raise maxEncryptedDataKeys or use fewer keys`,
    );
  }
  return buildKmsKeyring(arns, options as Parameters<typeof buildKmsKeyring>[1]);
};

/** Options that only apply to `keys` or `keyring`. */
const NOT_HIERARCHICAL = [
  'keys',
  'keyring',
  'kmsClient',
  'kmsClientConfig',
  'localCacheCapacity',
  'maxCacheAgeSeconds',
  'maxMessagesEncrypted',
  'maxBytesEncrypted',
] as const;

const hierarchicalMaterials = (options: AWSEncryptionSDKProviderOptions): NodeMaterialsManager => {
  for (const name of NOT_HIERARCHICAL) {
    if (Object.hasOwn(options, name) && (options as unknown as Record<string, unknown>)[name] !== undefined) {
      throw new DataMaskingInvalidOptionsError(
        `${name} does not apply with hierarchical: configure the KMS key and the branch key cache (cacheTtlSeconds, cacheSize) in hierarchical`,
      );
    }
  }
  return loadHierarchical().buildHierarchicalMaterials((options as { hierarchical: unknown }).hierarchical).materials;
};

/**
 * Encrypts and decrypts with the AWS Encryption SDK: envelope encryption under KMS keys (or
 * any ESDK keyring), data keys cached locally, a ciphertext being the standard base64 of an
 * ESDK message, the format Python Powertools produces, so either can decrypt the other's
 * ciphertexts with the same key.
 *
 * - The commitment policy is `REQUIRE_ENCRYPT_REQUIRE_DECRYPT`; the default suite is the ESDK
 *   default (committing, ECDSA P-384 signed); `providerOptions.algorithmSuiteId` can choose the
 *   unsigned committing suite.
 * - Data keys are cached (encrypt and decrypt) by the ESDK's caching materials manager, and
 *   concurrent cache misses for the same key and context share one KMS call.
 * - Decrypt requires the exact encryption context the ciphertext was made with, and checks it
 *   before calling KMS.
 *
 * @example
 * ```ts
 * import { DataMasking } from 'lambda-data-masking';
 * import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
 *
 * const provider = new AWSEncryptionSDKProvider({ keys: [process.env.KMS_KEY_ARN!] });
 * const masker = new DataMasking({ provider });
 * const ciphertext = await masker.encrypt(data, { context: { tenant_id: 't-1' } });
 * const plaintext = await masker.decrypt(ciphertext, { context: { tenant_id: 't-1' } });
 * ```
 */
export class AWSEncryptionSDKProvider implements EncryptionProvider {
  readonly #materials: NodeMaterialsManager;
  readonly #serialize: (value: unknown) => string;
  readonly #deserialize: (text: string) => unknown;
  readonly #maxEncryptedDataKeys: number;
  readonly #gate: OperationGate | undefined;

  /**
   * @throws DataMaskingInvalidOptionsError for an alias or other non-ARN key, missing or
   * conflicting options, or an out-of-range cache limit.
   */
  public constructor(options: AWSEncryptionSDKProviderOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new DataMaskingInvalidOptionsError('AWSEncryptionSDKProvider needs options: { keys: [kmsKeyArn] } or { keyring }');
    }
    const { jsonSerializer = defaultSerializer, jsonDeserializer = defaultDeserializer } = options;
    if (typeof jsonSerializer !== 'function' || typeof jsonDeserializer !== 'function') {
      throw new DataMaskingInvalidOptionsError('jsonSerializer and jsonDeserializer must be functions');
    }
    this.#maxEncryptedDataKeys = resolveMaxEncryptedDataKeys(options);
    this.#gate = resolveOperationGate(options);
    this.#materials = Object.hasOwn(options, 'hierarchical')
      ? hierarchicalMaterials(options)
      : buildMaterialsManager(buildKeyring(options, this.#maxEncryptedDataKeys), resolveCacheLimits(options));
    this.#serialize = jsonSerializer;
    this.#deserialize = jsonDeserializer;
    enableEncryptionOnUse();
  }

  /**
   * Serializes `value` (default `JSON.stringify`), encrypts it as one ESDK message bound to
   * `context`, and returns the message in standard base64.
   *
   * @throws DataMaskingUnsupportedTypeError for a context value that is not a string (before any
   * KMS call) or a value the serializer cannot represent.
   * @throws DataMaskingInvalidOptionsError for a reserved context key or bad `providerOptions`.
   * @throws DataMaskingEncryptKeyError when KMS or the keyring fails (the KMS exception is the `cause`).
   */
  public async encrypt(value: unknown, options: ProviderCallOptions = {}): Promise<string> {
    const encryptionContext = validateContext(options.context, { allowFieldKey: true }) ?? {};
    const { suiteId, frameLength } = resolveCallOptions(options.providerOptions);
    // Validated and serialized at the call, before any wait for the gate: what is encrypted is
    // the value and context as they were when encrypt was called.
    const text = this.#serializeValue(value);
    const release = this.#gate === undefined ? undefined : await this.#gate.acquire();
    const plaintext = Buffer.from(text, 'utf8');
    try {
      if (plaintext.byteLength <= MAX_IN_MEMORY_PLAINTEXT) {
        const message = await encryptMessage(this.#materials, plaintext, {
          encryptionContext,
          suiteId,
          frameLength,
          commitmentPolicy: COMMITMENT_POLICY,
          maxEncryptedDataKeys: this.#maxEncryptedDataKeys,
        });
        return message.toString('base64');
      }
      const { result } = await getEsdk(this.#maxEncryptedDataKeys).encrypt(this.#materials, plaintext, {
        encryptionContext,
        ...(suiteId === undefined ? {} : { suiteId }),
        ...(frameLength === undefined ? {} : { frameLength }),
      });
      return result.toString('base64');
    } catch (error) {
      throw encryptFailure(error);
    } finally {
      plaintext.fill(0);
      release?.();
    }
  }

  /**
   * Decodes and decrypts a ciphertext made by {@link encrypt} (or by Python Powertools), checks
   * that its encryption context is exactly `context` (ignoring the SDK's `aws-crypto-public-key`),
   * and deserializes the plaintext (default `JSON.parse`).
   *
   * The context is compared first from the message header, before any KMS call, and again from
   * the authenticated header after decryption; plaintext is never returned on a mismatch.
   *
   * @throws DataMaskingDecryptValueError when the input is not a string, not base64, not an ESDK
   * message, truncated or altered, or its plaintext is not what the deserializer accepts.
   * @throws DataMaskingContextMismatchError when a context pair is missing, extra or different.
   * @throws DataMaskingDecryptKeyError when no configured key can unwrap the data key, or KMS
   * fails (the typed KMS exception, e.g. `AccessDeniedException`, is the `cause`).
   * @throws DataMaskingUnsupportedTypeError for an expected context value that is not a string.
   */
  public async decrypt(ciphertext: string, options: ProviderCallOptions = {}): Promise<unknown> {
    const message = decodeCiphertext(ciphertext);
    const expected = validateContext(options.context, { allowFieldKey: true }) ?? {};
    resolveCallOptions(options.providerOptions);
    const header = parseMessageHeader(message);
    const { messageHeader, algorithmSuite } = header;
    assertDataKeyCount(header, this.#maxEncryptedDataKeys);
    assertMessageEnds(message, header);
    if (algorithmSuite.commitment === 'NONE') {
      throw new DataMaskingDecryptValueError(
        `The ciphertext uses the non-committing algorithm suite ${AlgorithmSuiteIdentifier[algorithmSuite.id]}, ` +
          'which the commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses to decrypt',
      );
    }
    assertContextMatches(messageHeader.encryptionContext, expected);
    const kmsKeyArns = messageHeader.encryptedDataKeys.filter((edk) => edk.providerId === KMS_PROVIDER_ID).map((edk) => edk.providerInfo);

    // A refused message never waits for the gate; an accepted one waits before the SDK works.
    const release = this.#gate === undefined ? undefined : await this.#gate.acquire();
    let output: { plaintext: Buffer; messageHeader: typeof messageHeader };
    try {
      // A field ciphertext is decrypted in memory, with the SDK's checks in the SDK's order
      // (decrypt-message.ts); a large message through the SDK's stream, which yields between frames.
      output =
        message.byteLength <= MAX_IN_MEMORY_PLAINTEXT
          ? await decryptMessage(this.#materials, message, header, COMMITMENT_POLICY)
          : await getEsdk(this.#maxEncryptedDataKeys).decrypt(this.#materials, message);
    } catch (error) {
      throw decryptFailure(error, kmsKeyArns);
    } finally {
      release?.();
    }
    const { plaintext } = output;
    try {
      // The authoritative check: this header has now been authenticated with the data key.
      assertContextMatches(output.messageHeader.encryptionContext, expected);
      let text: string;
      try {
        text = strictUtf8.decode(plaintext);
      } catch {
        throw new DataMaskingDecryptValueError('The decrypted plaintext is not valid UTF-8 text');
      }
      return this.#deserializeText(text);
    } finally {
      plaintext.fill(0);
    }
  }

  #serializeValue(value: unknown): string {
    let text: unknown;
    try {
      text = this.#serialize(value);
    } catch (error) {
      if (error instanceof DataMaskingUnsupportedTypeError) throw error; // the default serializer's own refusal
      // The serializer's own message is not kept: a custom one could quote the value.
      throw new DataMaskingUnsupportedTypeError(`The value cannot be serialized for encryption (${error instanceof Error ? error.name : typeof error})`);
    }
    if (typeof text !== 'string') {
      throw new DataMaskingUnsupportedTypeError(
        `The value cannot be serialized for encryption: jsonSerializer returned ${text === null ? 'null' : typeof text}, not a string`,
      );
    }
    return text;
  }

  #deserializeText(text: string): unknown {
    try {
      return this.#deserialize(text);
    } catch (error) {
      // Not kept as cause: JSON.parse quotes the text it failed on, i.e. plaintext.
      throw new DataMaskingDecryptValueError(
        `The decrypted plaintext was rejected by jsonDeserializer (${error instanceof Error ? error.name : typeof error})`,
      );
    }
  }
}
