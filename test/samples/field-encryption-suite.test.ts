/** samples/field-encryption-suite.ts against LocalKms: the suite each ciphertext was made with. */
import { inspectCiphertext } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import type { KmsSettings } from '../../samples/lambda';
import { CardDto, createHandler, createMasker } from '../../samples/field-encryption-suite';
import { readEvent } from './events';

const UNSIGNED_SUITE = 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY';
const SIGNED_SUITE = 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384';

let kms: LocalKms;
let settings: KmsSettings;

beforeAll(async () => {
  kms = await LocalKms.start();
  settings = { keyArn: kms.createKey().arn, kmsClientConfig: kms.clientConfig() };
});
afterAll(() => kms.stop());

it("encrypts the handler's fields with the masker's unsigned suite, and they decrypt", async () => {
  const event = readEvent('field-level-event.json') as { body: { ssn: string; cards: { number: string }[] } };
  const result = (await createHandler(settings)(event)) as typeof event.body;
  expect(inspectCiphertext(result.ssn).algorithmSuiteName).toBe(UNSIGNED_SUITE);
  for (const card of result.cards) expect(inspectCiphertext(card.number).algorithmSuiteName).toBe(UNSIGNED_SUITE);
  await expect(createMasker(settings).decrypt(result, { fields: ['ssn', 'cards[*].number'] })).resolves.toEqual(event.body);
});

it('keeps the signed suite for the property that asks for it', async () => {
  const masker = createMasker(settings);
  const card = Object.assign(new CardDto(), { number: '4111 1111 1111 1111', limitApproval: 'approved:5000', expiry: '12/29' });
  const masked = await masker.mask(card);
  expect(inspectCiphertext(masked.number).algorithmSuiteName).toBe(UNSIGNED_SUITE);
  expect(inspectCiphertext(masked.limitApproval).algorithmSuiteName).toBe(SIGNED_SUITE);
  expect(masked.expiry).toBe('12/29');
  await expect(masker.unmask(CardDto, masked)).resolves.toEqual(card);
});
