/**
 * A custom JSON serializer and deserializer: the provider turns the value into the plaintext
 * string it encrypts (default `JSON.stringify`) and back (default `JSON.parse`). Here they keep
 * BigInt values, which `JSON.stringify` refuses, as BigInts across encrypt and decrypt.
 * Event: events/account-event.json.
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

/** `12345n` is written as `{"$bigint":"12345"}`. */
export const jsonSerializer = (value: unknown): string =>
  JSON.stringify(value, (_key, member: unknown) => (typeof member === 'bigint' ? { $bigint: member.toString() } : member));

/** ...and read back as `12345n`. */
export const jsonDeserializer = (text: string): unknown =>
  JSON.parse(text, (_key, member: unknown) => {
    const tagged = member as { $bigint?: unknown } | null;
    return typeof tagged === 'object' && tagged !== null && typeof tagged.$bigint === 'string' ? BigInt(tagged.$bigint) : member;
  });

export interface AccountEvent {
  body: { accountId: string; owner: string; balanceCents: string };
}

export const createMasker = ({ keyArn, kmsClientConfig }: KmsSettings): DataMasking =>
  new DataMasking({
    provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig, jsonSerializer, jsonDeserializer }),
  });

export const createHandler = (settings: KmsSettings) => {
  const masker = createMasker(settings);

  return async (event: AccountEvent): Promise<string> => {
    // As a database driver would hand it over: more than Number.MAX_SAFE_INTEGER cents.
    const account = { ...event.body, balanceCents: BigInt(event.body.balanceCents) };
    return masker.encrypt(account);
  };
};

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()));
