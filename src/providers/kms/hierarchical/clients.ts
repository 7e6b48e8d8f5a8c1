import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import { recordKmsFailure, recordKmsSuccess } from '../key-failure';
import { kmsKeyRegion } from './validate';
import { requireOptional } from '../../../optional/require-optional';

/** The part of an AWS SDK v3 client that a middleware is added through. */
interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Records every call's failure, typed (`AccessDeniedException`, `ResourceNotFoundException`...),
 * for the error mapping: the hierarchical keyring flattens them into a plain `Error` on decrypt.
 * `resource` names what failed in messages (the KMS key ARN, the table name), never data.
 */
const watch = (client: WithMiddleware, service: 'KMS' | 'DynamoDB', resource: string): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = `${service === 'KMS' ? '' : 'DynamoDB '}${(context.commandName ?? 'call').replace(/Command$/, '')}`;
      try {
        const result = await next(args);
        // Only a KMS unwrap counts as "key material obtained" for the error mapping.
        if (service === 'KMS') recordKmsSuccess();
        return result;
      } catch (error) {
        recordKmsFailure({ operation, keyId: resource, error });
        throw error;
      }
    },
    { step: 'initialize', name: 'lambdaDataMaskingWatch' },
  );
};

/**
 * The key store's KMS client: the class the branch key store itself loads (it checks
 * `instanceof KMSClient`), in the KMS key's region, watched.
 */
export const buildKmsClient = (kmsKeyArn: string, config: KMSClientConfig | undefined): KMSClient => {
  const { KMSClient: Client } = requireOptional<typeof import('@aws-sdk/client-kms')>('@aws-sdk/client-kms', "'lambda-data-masking/kms' hierarchical keyring");
  const client = new Client({ ...config, region: kmsKeyRegion(kmsKeyArn) });
  watch(client as unknown as WithMiddleware, 'KMS', kmsKeyArn);
  return client;
};

/** The key store's DynamoDB client, in the KMS key's region unless configured, watched. */
export const buildDynamoDbClient = (
  kmsKeyArn: string,
  tableName: string,
  config: DynamoDBClientConfig | undefined,
): DynamoDBClient => {
  const { DynamoDBClient: Client } = requireOptional<typeof import('@aws-sdk/client-dynamodb')>('@aws-sdk/client-dynamodb', "'lambda-data-masking/kms' hierarchical keyring");
  const client = new Client({ region: kmsKeyRegion(kmsKeyArn), ...config });
  watch(client as unknown as WithMiddleware, 'DynamoDB', `table ${tableName}`);
  return client;
};
