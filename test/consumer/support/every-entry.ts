/**
 * A consumer source that imports every entry of the package, and the tsconfig per
 * `moduleResolution`: shared by types.test.ts (this repository's TypeScript) and
 * matrix-typescript.test.ts (other TypeScript versions from the npm registry).
 */
import { KMS_PEERS } from './kms-peers';

export const USES_EVERY_ENTRY = `import { DataMasking, Erase, DataMaskingError, type EraseOptions } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { maskResponse } from 'lambda-data-masking/middy';
import { DataMaskingModule } from 'lambda-data-masking/nestjs';

const options: EraseOptions = { fields: ['a'] };
export const uses = [DataMasking, Erase, DataMaskingError, AWSEncryptionSDKProvider, LocalKms, maskResponse, DataMaskingModule, options];
export const masked: { a: unknown } = new DataMasking().erase({ a: 1 }, { fields: ['a'] });
`;

/**
 * Middy's own declarations import 'aws-lambda' (@types/aws-lambda, which Middy users install;
 * this repository does not): a stub, as only our declarations are under test here.
 */
export const AWS_LAMBDA_STUB = `declare module 'aws-lambda' {
  export interface Context { functionName: string }
  export type Handler<TEvent = any, TResult = any> = (event: TEvent, context: Context) => Promise<TResult>;
}
`;

/**
 * What the project links: the peers whose types the entries name. @aws-sdk/client-dynamodb: the
 * hierarchical keyring's option types name its client, so a /kms user with skipLibCheck off needs
 * it installed even without that keyring (known, not fixed).
 */
export const EVERY_ENTRY_DEPS = [
  '@types/node',
  ...KMS_PEERS,
  '@aws-sdk/client-dynamodb',
  '@middy/core',
  '@nestjs/common',
  '@nestjs/core',
  'rxjs',
  'class-transformer',
];

export const RESOLUTIONS = {
  node10: { module: 'commonjs', moduleResolution: 'node10' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
} as const;

export type ResolutionName = keyof typeof RESOLUTIONS;

/**
 * Checking every declaration file (`skipLibCheck: false`) costs ~1200 files of AWS SDK, NestJS and
 * Node types: done once, under node16 (where a CommonJS declaration importing an ES-module-only
 * package fails, TS1479); the other resolutions check how every entry resolves and types.
 */
export const FULL_CHECK: ResolutionName = 'node16';

/** The tsconfig for one resolution; `typeScriptMajor` 6 or later deprecates node10 (silenced as a user would). */
export const everyEntryTsconfig = (name: ResolutionName, typeScriptMajor: number) => ({
  compilerOptions: {
    ...RESOLUTIONS[name],
    target: 'es2022',
    strict: true,
    noEmit: true,
    skipLibCheck: name !== FULL_CHECK,
    types: [],
    experimentalDecorators: true,
    ...(name === 'node10' && typeScriptMajor >= 6 ? { ignoreDeprecations: '6.0' } : {}),
  },
  files: ['src/uses-every-entry.ts', 'src/aws-lambda.d.ts'],
});
