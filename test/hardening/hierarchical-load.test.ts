/**
 * Hardening — load, hierarchical run: the load campaign (concurrent whole-payload and field-level
 * round trips, 200 in flight) through the hierarchical keyring, one branch key per tenant in
 * DynamoDB Local. Same invariants as load.test.ts; KMS is called once per tenant for its active
 * branch key and once for its version record, however many messages and field shapes.
 */
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, createBranchKey } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { dynamoDbEndpoint, newKeyStore } from '../support/dynamodb';
import { runLoadCampaign } from './campaigns/load';
import { SecretsLedger } from './support/canary';
import { tenantContext } from './support/payloads';
import { scaled } from './support/runtime';

const TENANTS = 20;
const ledger = new SecretsLedger();
let kms: LocalKms;

beforeAll(async () => {
  ledger.output.start();
  kms = await LocalKms.start();
}, 30_000);

afterAll(async () => {
  ledger.output.stop();
  await kms?.stop();
});

it(`${scaled(1000)} concurrent round trips for ${TENANTS} tenants through branch keys: 0 errors, 0 mismatches, 2 KMS calls per tenant`, async () => {
  const store = await newKeyStore(kms, await dynamoDbEndpoint());
  // The tenant id names the branch key: the context's tenant entry is its branch key id.
  const contextKey = Object.keys(tenantContext(0))[0]!;
  for (let tenant = 0; tenant < TENANTS; tenant++) await createBranchKey({ ...store, branchKeyId: tenantContext(tenant)[contextKey]! });
  const provider = new AWSEncryptionSDKProvider({ hierarchical: { ...store, branchKeyIdFromContext: contextKey } });
  const roundTrips = scaled(1000);
  const result = await runLoadCampaign({
    kms,
    keyArn: store.kmsKeyArn,
    ledger,
    roundTrips,
    tenants: TENANTS,
    concurrency: 200,
    suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    crossTenantEvery: 10,
    provider,
  });
  expect(result.errorSamples).toEqual([]);
  expect(result.errors).toBe(0);
  expect(result.mismatches).toBe(0);
  expect(result.clearCanaries).toBe(0);
  expect(result.crossTenantOther).toEqual([]);
  expect(result.crossTenantRefused).toBe(result.crossTenantChecks);
  expect(result.crossTenantChecks).toBeGreaterThan(0);
  expect(result.unhandledRejections).toBe(0);
  // Coalesced: one Decrypt per tenant for its active branch key, one for its version record.
  expect(result.kmsCalls.GenerateDataKey).toBe(0);
  expect(result.kmsCalls.Decrypt).toBe(2 * TENANTS);
  expect(ledger.leaks()).toEqual([]);
}, 240_000);
