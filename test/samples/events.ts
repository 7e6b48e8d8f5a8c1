/** Reads a sample's input event, as the tour does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLES_DIR = join(__dirname, '..', '..', 'samples');

export const readEvent = <T = any>(name: string): T => JSON.parse(readFileSync(join(SAMPLES_DIR, 'events', name), 'utf8')) as T;

/** A Lambda context, as the samples read it. */
export const lambdaContext = {
  functionName: 'test',
  awsRequestId: '52fdfc07-2182-154f-163f-5f0f9a621d72',
  getRemainingTimeInMillis: () => 5_000,
};
