import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import { DataMaskingInvalidOptionsError } from '../../../errors';
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

/** What a watched call records: a failure typed for the error mapping, a KMS success. */
const observe = <T>(service: 'KMS' | 'DynamoDB', resource: string, commandName: string | undefined, call: Promise<T>): Promise<T> => {
  const operation = `${service === 'KMS' ? '' : 'DynamoDB '}${(commandName ?? 'call').replace(/Command$/, '')}`;
  return call.then(
    (result) => {
      // Only a KMS unwrap counts as "key material obtained" for the error mapping.
      if (service === 'KMS') recordKmsSuccess();
      return result;
    },
    (error: unknown) => {
      recordKmsFailure({ operation, keyId: resource, error });
      throw error;
    },
  );
};

/**
 * Records every call's failure, typed (`AccessDeniedException`, `ResourceNotFoundException`...),
 * for the error mapping: the hierarchical keyring flattens them into a plain `Error` on decrypt.
 * `resource` names what failed in messages (the KMS key ARN, the table name), never data.
 * For the clients this library builds: a middleware on their own stack.
 */
const watch = (client: WithMiddleware, service: 'KMS' | 'DynamoDB', resource: string): void => {
  client.middlewareStack.add((next, context) => async (args) => observe(service, resource, context.commandName, next(args)), {
    step: 'initialize',
    name: 'lambdaDataMaskingWatch',
  });
};

type Sender = { send(command: unknown, ...rest: unknown[]): Promise<unknown> };

/**
 * The same watch for a caller's client, which must not be modified (a middleware would change
 * it for every other user, and a second provider would add a duplicate): a Proxy whose `send`
 * observes the call. It is still an `instanceof` the client's class for the key store's checks.
 */
const watchSupplied = <C extends object>(client: C, service: 'KMS' | 'DynamoDB', resource: string): C => {
  const target = client as unknown as Sender;
  const send = (command: unknown, ...rest: unknown[]): Promise<unknown> => {
    const name = (command as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return observe(service, resource, typeof name === 'string' ? name : undefined, target.send(command, ...rest));
  };
  return new Proxy(client, { get: (object, property) => (property === 'send' ? send : Reflect.get(object, property, object)) });
};

/** A caller's client, checked against the class the key store will check it against. */
// biome-ignore lint/suspicious/noExplicitAny: any client class, whatever its constructor takes
const supplied = <C extends object>(client: object, Class: abstract new (...args: any[]) => C, name: string, packageName: string): C => {
  if (!(client instanceof Class)) {
    throw new DataMaskingInvalidOptionsError(`${name} must be a ${Class.name} (or its aggregated client) of the ${packageName} this library loads`);
  }
  return client;
};

/**
 * The key store's KMS client: the caller's `kmsClient`, or one built from `kmsClientConfig` in
 * the KMS key's region, of the class the branch key store itself loads (it checks
 * `instanceof KMSClient`); watched either way.
 */
export const buildKmsClient = (kmsKeyArn: string, config: KMSClientConfig | undefined, own?: object): KMSClient => {
  const { KMSClient: Client } = requireOptional<typeof import('@aws-sdk/client-kms')>('@aws-sdk/client-kms', "'lambda-data-masking/kms' hierarchical keyring");
  if (own !== undefined) return watchSupplied(supplied(own, Client, 'kmsClient', '@aws-sdk/client-kms'), 'KMS', kmsKeyArn);
  const client = new Client({ ...config, region: kmsKeyRegion(kmsKeyArn) });
  watch(client as unknown as WithMiddleware, 'KMS', kmsKeyArn);
  return client;
};

/** The key store's DynamoDB client: the caller's `dynamoDbClient`, or one built (in the KMS key's region unless configured); watched. */
export const buildDynamoDbClient = (kmsKeyArn: string, tableName: string, config: DynamoDBClientConfig | undefined, own?: object): DynamoDBClient => {
  const { DynamoDBClient: Client } = requireOptional<typeof import('@aws-sdk/client-dynamodb')>(
    '@aws-sdk/client-dynamodb',
    "'lambda-data-masking/kms' hierarchical keyring",
  );
  if (own !== undefined) return watchSupplied(supplied(own, Client, 'dynamoDbClient', '@aws-sdk/client-dynamodb'), 'DynamoDB', `table ${tableName}`);
  const client = new Client({ region: kmsKeyRegion(kmsKeyArn), ...config });
  watch(client as unknown as WithMiddleware, 'DynamoDB', `table ${tableName}`);
  return client;
};
