/**
 * What the samples share: the few AWS Lambda types they use, and how a sample that needs KMS is
 * told where its key is.
 *
 * The types are declared here so the samples need neither `@types/aws-lambda` nor Powertools.
 * In your project, use `import type { Context } from 'aws-lambda'` and Powertools'
 * `LambdaInterface` (`@aws-lambda-powertools/commons/types`) instead.
 */
import type { KMSClientConfig } from '@aws-sdk/client-kms';

/** The part of the Lambda context object the samples read. */
export interface Context {
  functionName: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** The shape of a handler class, as Powertools' `LambdaInterface` declares it. */
export interface LambdaInterface {
  handler(event: unknown, context: Context): Promise<unknown>;
}

/** A Lambda handler function: Lambda awaits the promise it returns. */
export type Handler<TEvent, TResult> = (event: TEvent, context?: Context) => Promise<TResult>;

/** Where a sample's KMS key is, and how to reach KMS. */
export interface KmsSettings {
  /** A KMS key ARN: `arn:aws:kms:<region>:<account>:key/<key id>` (an alias can encrypt but never decrypt). */
  keyArn: string;
  /** Options of the KMS client (endpoint, region, credentials...). In Lambda, leave it out. */
  kmsClientConfig?: KMSClientConfig;
}

/** The value of an environment variable the function cannot run without. */
export const requiredEnv = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Set the ${name} environment variable`);
  return value;
};

/** The settings of a deployed function: the key ARN from `KMS_KEY_ARN`, as the SAM template sets it. */
export const kmsSettingsFromEnv = (): KmsSettings => ({ keyArn: requiredEnv('KMS_KEY_ARN') });

/**
 * A handler that builds the real one on its first invocation (a cold start), so that importing
 * a sample, as the tour and the tests do, needs no environment variable. In Lambda the cost is
 * the same as building it at module load: once per execution environment.
 */
export const buildOnFirstCall = <TEvent, TResult>(build: () => Handler<TEvent, TResult>): Handler<TEvent, TResult> => {
  let built: Handler<TEvent, TResult> | undefined;
  return async (event, context) => {
    built ??= build();
    return built(event, context);
  };
};
