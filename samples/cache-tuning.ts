/**
 * Tuning the data-key cache: a cached data key serves encrypt calls until it is older than
 * `maxCacheAgeSeconds`, or has encrypted `maxMessagesEncrypted` messages or `maxBytesEncrypted`
 * bytes; then KMS is asked for a new one. Event: events/customer-event.json.
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type Handler, type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export const createHandler = ({ keyArn, kmsClientConfig }: KmsSettings): Handler<{ body: unknown }, { body: string }> => {
  const encryptionProvider = new AWSEncryptionSDKProvider({
    keys: [keyArn],
    kmsClientConfig,
    localCacheCapacity: 200, // data keys kept (default 100)
    maxCacheAgeSeconds: 400, // default 300
    maxMessagesEncrypted: 200, // default 2 ** 32
    maxBytesEncrypted: 2000, // default Number.MAX_SAFE_INTEGER
  });
  const masker = new DataMasking({ provider: encryptionProvider });

  return async (event) => ({ body: await masker.encrypt(event.body) });
};

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()));
