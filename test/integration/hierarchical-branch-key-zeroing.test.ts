/**
 * Branch keys zeroed while in use. The SDK's own materials cache (`getLocalCryptographicMaterialsCache`,
 * the hierarchical keyring's default) zeroes a branch key when its entry is replaced or evicted
 * (`dispose` → `zeroUnencryptedDataKey()`), and the keyring uses the key it looked up one await
 * later. Reproduced here with real parts (the SDK's keyring, encrypt and decrypt, DynamoDB Local,
 * LocalKms); then the same load through the provider's `hierarchical` option, whose own cache
 * never zeroes, and its fail-closed check on all-zero branch keys.
 */
import { DataMasking, DataMaskingError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, createBranchKey, type BranchKeyStoreOptions } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { getLocalCryptographicMaterialsCache } from '@aws-crypto/cache-material';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';
import { KmsHierarchicalKeyRingNode } from '@aws-crypto/kms-keyring-node';
import { NodeBranchKeyMaterial, type NodeAlgorithmSuite, type BranchKeyMaterial } from '@aws-crypto/material-management';
import { randomUUID } from 'node:crypto';
import { BranchKeyCache } from '../../src/providers/kms/hierarchical/branch-key-cache';
import { buildBranchKeyStore } from '../../src/providers/kms/hierarchical/branch-key-store';
import { resolveHierarchicalOptions } from '../../src/providers/kms/hierarchical/validate';
import { dynamoDbEndpoint, newKeyStore } from '../support/dynamodb';

const { encrypt: esdkEncrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const TENANTS = Array.from({ length: 12 }, (_, i) => `zeroing-tenant-${i}`);

let kms: LocalKms;
let store: BranchKeyStoreOptions;

beforeAll(async () => {
  kms = await LocalKms.start();
  store = await newKeyStore(kms, await dynamoDbEndpoint());
  for (const tenant of TENANTS) await createBranchKey({ ...store, branchKeyId: tenant });
}, 200_000);

afterAll(async () => {
  await kms?.stop();
});

/** A provider reading with fresh caches: it decrypts a message only if its data key was wrapped with the real branch key. */
const reader = (): DataMasking =>
  new DataMasking({ provider: new AWSEncryptionSDKProvider({ hierarchical: { ...store, branchKeyIdFromContext: 'tenant_id' } }) });

const outcome = async (masker: DataMasking, ciphertext: string, context: Record<string, string>, expected: unknown): Promise<string> => {
  try {
    const plaintext = await masker.decrypt(ciphertext, { context });
    return JSON.stringify(plaintext) === JSON.stringify(expected) ? 'ok' : 'wrong plaintext';
  } catch (error) {
    return error instanceof DataMaskingError ? 'refused' : `untyped ${(error as Error).name}`;
  }
};

describe("the SDK's own branch key cache (what the provider does not use)", () => {
  // Only with coalesced fetches is it certain: the two requests put the same material. Without
  // coalescing (each request its own fetch), and with more tenants than entries, the race did not
  // show in 240 concurrent requests: the keyring wraps in the same microtask chain as its lookup.
  it('zeroes the branch key two coalesced cold requests share, and both messages are lost', async () => {
    const sdkCache = getLocalCryptographicMaterialsCache<NodeAlgorithmSuite>(10);
    const put: BranchKeyMaterial[] = [];
    const keyring = new KmsHierarchicalKeyRingNode({
      keyStore: buildBranchKeyStore(resolveHierarchicalOptions({ ...store, branchKeyIdFromContext: 'tenant_id' }).keyStore),
      branchKeyIdSupplier: { getBranchKeyId: (context: Record<string, string>) => context.tenant_id! },
      cacheLimitTtl: 60,
      // The SDK's cache, watched: every branch key it is given is recorded.
      cache: {
        ...sdkCache,
        putBranchKeyMaterial: (key: string, material: BranchKeyMaterial, ttl?: number) => {
          put.push(material);
          sdkCache.putBranchKeyMaterial(key, material, ttl);
        },
      },
    });
    const context = { tenant_id: TENANTS[0]! };
    const messages = await Promise.all(
      [1, 2].map(async (i) => (await esdkEncrypt(keyring, JSON.stringify({ i }), { encryptionContext: context, suiteId: SUITE })).result.toString('base64')),
    );
    // One fetch, put twice: the second put disposed of the first entry, zeroing the material both requests then wrapped with.
    expect(put).toHaveLength(2);
    expect(put[0]).toBe(put[1]);
    expect(put[0]!.branchKey().every((byte) => byte === 0)).toBe(true);
    const masker = reader();
    expect(await Promise.all(messages.map((m, i) => outcome(masker, m, context, { i: i + 1 })))).toEqual(['refused', 'refused']);
  }, 60_000);
});

describe("the provider's hierarchical option under the same loads", () => {
  it('cacheSize 1, 12 tenants, 240 concurrent cold requests (coalesced, evicting each other): every message decrypts, here and in a fresh provider', async () => {
    const provider = new AWSEncryptionSDKProvider({ hierarchical: { ...store, branchKeyIdFromContext: 'tenant_id', cacheSize: 1 } });
    const masker = new DataMasking({ provider });
    const jobs = Array.from({ length: 240 }, (_, i) => ({ i, context: { tenant_id: TENANTS[i % TENANTS.length]! } }));
    const messages = await Promise.all(jobs.map(({ i, context }) => masker.encrypt({ i }, { context, providerOptions: { algorithmSuiteId: SUITE } })));
    const here = await Promise.all(jobs.map(({ i, context }) => outcome(masker, messages[i]!, context, { i })));
    const fresh = reader();
    const there = await Promise.all(jobs.map(({ i, context }) => outcome(fresh, messages[i]!, context, { i })));
    expect(new Set(here)).toEqual(new Set(['ok']));
    expect(new Set(there)).toEqual(new Set(['ok']));
  }, 120_000);

  it('fails closed on an all-zero branch key: never cached, never handed out', () => {
    const cache = new BranchKeyCache(4);
    const version = randomUUID();
    const live = new NodeBranchKeyMaterial(Buffer.alloc(32, 7), 'tenant', version, {});
    cache.putBranchKeyMaterial('live', live);
    expect(cache.getBranchKeyMaterial('live')).not.toBe(false);
    // Zeroed by anything else holding the same material: dropped, so the next request fetches again.
    live.zeroUnencryptedDataKey();
    expect(cache.getBranchKeyMaterial('live')).toBe(false);
    expect(cache.size).toBe(0);
    expect(() => cache.putBranchKeyMaterial('zero', new NodeBranchKeyMaterial(Buffer.alloc(32), 'tenant', version, {}))).toThrow(/all zero/);
    expect(cache.size).toBe(0);
  });
});
