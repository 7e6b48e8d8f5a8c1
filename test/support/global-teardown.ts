/** Jest global teardown: the consumer run directory, and the DynamoDB Local JVM if one was spawned. */
import type { DynamoDbLocal } from '../../src/testing/DynamoDbLocal';

const consumerTeardown = require('../consumer/support/global-teardown.js') as () => void;

export default async (): Promise<void> => {
  consumerTeardown();
  await (globalThis as { __ldmDynamoDb?: DynamoDbLocal }).__ldmDynamoDb?.stop();
};
