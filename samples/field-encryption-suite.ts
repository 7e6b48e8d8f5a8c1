/**
 * Field-level encryption of many records per response, with the algorithm suite chosen once for
 * the masker: the committing suite without a signature costs several times less per field than
 * the signed default (see docs/field-encryption-performance.md). One property keeps the signed
 * suite, for a value whose readers must not be able to forge it. Event: events/field-level-event.json.
 */
import { DataMasking, Encrypt, MaskHandler } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import type { KmsSettings, LambdaInterface } from './lambda';

const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };
const SIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 };

export class CardDto {
  @Encrypt() public number!: string;
  @Encrypt({ providerOptions: SIGNED }) public limitApproval!: string;
  public expiry!: string;
}

export const createMasker = ({ keyArn, kmsClientConfig }: KmsSettings): DataMasking =>
  new DataMasking({
    provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }),
    providerOptions: UNSIGNED, // the default of every encrypt and mask() of this masker
  });

export const createHandler = (settings: KmsSettings) => {
  const masker = createMasker(settings);

  class Lambda implements LambdaInterface {
    /** Every record's `ssn` and card numbers, unsigned (the masker's default). */
    @MaskHandler({ encrypt: ['ssn', 'cards[*].number'], masker })
    public async handler(event: { body: unknown }): Promise<unknown> {
      return event.body;
    }
  }
  const lambda = new Lambda();
  return lambda.handler.bind(lambda);
};
