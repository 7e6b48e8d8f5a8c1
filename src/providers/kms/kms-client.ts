import type { KMS, KMSClientConfig } from '@aws-sdk/client-kms';
import { recordKmsFailure, recordKmsSuccess } from './key-failure';
import { loadKmsClass } from './load-sdk';

/** The three KMS operations the ESDK's KMS keyring calls (the shape it accepts from a client provider). */
export interface KeyringKmsClient {
  generateDataKey(args: Parameters<KMS['generateDataKey']>[0]): Promise<unknown>;
  encrypt(args: Parameters<KMS['encrypt']>[0]): Promise<unknown>;
  decrypt(args: Parameters<KMS['decrypt']>[0]): Promise<unknown>;
}

const watch = <T>(operation: string, keyId: string | undefined, call: Promise<T>): Promise<T> =>
  call.then(
    (result) => {
      recordKmsSuccess();
      return result;
    },
    (error: unknown) => {
      recordKmsFailure({ operation, keyId, error });
      throw error;
    },
  );

/**
 * Wraps an aggregated `KMS` client (the keyring needs its `generateDataKey` / `encrypt` /
 * `decrypt` methods, which `KMSClient` lacks) so that every failure is recorded, typed, for
 * the error mapping, before the ESDK flattens it.
 */
export const watchKmsClient = (client: KMS): KeyringKmsClient => ({
  generateDataKey: (args) => watch('GenerateDataKey', args.KeyId, client.generateDataKey(args)),
  encrypt: (args) => watch('Encrypt', args.KeyId, client.encrypt(args)),
  decrypt: (args) => watch('Decrypt', args.KeyId, client.decrypt(args)),
});

/** Where the KMS clients come from: a ready client, or a configuration to build one per region. */
export interface KmsClientSource {
  readonly kmsClient?: KMS;
  readonly kmsClientConfig?: KMSClientConfig;
}

/**
 * The keyring's client provider: one watched client per region (the region comes from the
 * key ARN and overrides `kmsClientConfig.region`), created on first use; or the caller's
 * ready `kmsClient` for every region. `@aws-sdk/client-kms` is loaded only here, and only
 * for the `keys` option.
 */
export const kmsClientProvider = ({ kmsClient, kmsClientConfig }: KmsClientSource): ((region: string) => KeyringKmsClient) => {
  if (kmsClient !== undefined) {
    const watched = watchKmsClient(kmsClient);
    return () => watched;
  }
  const KmsClass = loadKmsClass();
  const clients = new Map<string, KeyringKmsClient>();
  return (region: string) => {
    let client = clients.get(region);
    if (client === undefined) {
      const config: KMSClientConfig = region ? { ...kmsClientConfig, region } : { ...kmsClientConfig };
      client = watchKmsClient(new KmsClass(config));
      clients.set(region, client);
    }
    return client;
  };
};
