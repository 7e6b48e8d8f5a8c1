/**
 * Jest global setup: the consumer tests' run directory, and one DynamoDB Local (AWS's own, a JVM)
 * for every test file of the hierarchical keyring, spawned here without waiting so its start
 * overlaps the other suites. Those files wait for it (`test/support/dynamodb.ts`); runs that
 * select none of them (`npx jest test/unit/...`) start no JVM.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DynamoDbLocal } from '../../src/testing/DynamoDbLocal';

const consumerSetup = require('../consumer/support/global-setup.js') as () => void;
const { ensureDynamoDbLocal } = require('../../scripts/dynamodb-local.js') as { ensureDynamoDbLocal: () => string };

const ROOT = join(__dirname, '..', '..');

/** Test files that need DynamoDB: by convention their name contains `hierarchical`; and the tour's and the fault matrix's. */
const dynamoDbTests = (dir = join(ROOT, 'test')): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : dynamoDbTests(path);
    const needs = entry.name.includes('hierarchical') || entry.name === 'tour.test.ts' || entry.name === 'fault-matrix.test.ts';
    return needs && entry.name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
  });

const selected = (patterns: readonly string[], files: readonly string[]): boolean =>
  files.some((file) => patterns.length === 0 || patterns.some((pattern) => new RegExp(pattern, 'i').test(join(ROOT, file))));

const freePort = async (): Promise<number> => {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
};

export default async (globalConfig: { testPathPatterns?: { patterns?: string[] } }): Promise<void> => {
  consumerSetup();
  const patterns = globalConfig.testPathPatterns?.patterns ?? [];
  if (process.env.LDM_DYNAMODB_ENDPOINT !== undefined || !selected(patterns, dynamoDbTests())) return;
  const ddb = DynamoDbLocal.spawn({ directory: ensureDynamoDbLocal(), port: await freePort() });
  (globalThis as { __ldmDynamoDb?: DynamoDbLocal }).__ldmDynamoDb = ddb;
  process.env.LDM_DYNAMODB_ENDPOINT = ddb.endpoint;
};
