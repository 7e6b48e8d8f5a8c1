/**
 * Field-level encryption (beyond Python Powertools): encrypt only the chosen fields, in place,
 * each as its own ciphertext; the rest of the record stays readable and queryable.
 *
 * Every field ciphertext is also bound to its location (`$.ssn`, `$.cards[*].number`), so a
 * ciphertext copied into another field fails to decrypt (anti-swap).
 * Event: events/field-level-event.json.
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export interface Customer {
  tenantId: string;
  name: string;
  ssn: string;
  cards: { number: string; expiry: string }[];
}

const SENSITIVE_FIELDS = ['ssn', 'cards[*].number'];

export const createHandlers = ({ keyArn, kmsClientConfig }: KmsSettings) => {
  const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }) });

  /** Stores a customer: the SSN and the card numbers become ciphertexts bound to the tenant. */
  const store = async (event: { body: Customer }) =>
    masker.encrypt(event.body, { fields: SENSITIVE_FIELDS, context: { tenant_id: event.body.tenantId } });

  /** Reads it back: the same fields, the same tenant. */
  const read = async (event: { body: Record<string, unknown> & { tenantId: string } }) =>
    masker.decrypt<Customer>(event.body, { fields: SENSITIVE_FIELDS, context: { tenant_id: event.body.tenantId } });

  return { store, read };
};

export const handler = buildOnFirstCall(() => createHandlers(kmsSettingsFromEnv()).store);
