/**
 * LocalKms in a process of its own, for memory measurements: its server side (the requests it
 * parses, the keys it holds, its sockets) then does not count in the measured process's RSS.
 * Forked by `startKmsProcess()`; answers 'reset' and 'counts' over IPC.
 */
import { fork } from 'node:child_process';
import { LocalKms, type LocalKmsClientConfig } from 'lambda-data-masking/testing';

/** What the load campaign needs of a KMS it does not hold in-process. */
export interface KmsProcess {
  readonly keyArn: string;
  clientConfig(): LocalKmsClientConfig;
  resetCounters(): Promise<void>;
  counts(): Promise<{ GenerateDataKey: number; Decrypt: number; total: number }>;
  stop(): Promise<void>;
}

type Reply = { id: number; counts?: { GenerateDataKey: number; Decrypt: number; total: number } };

/** Forks this file as a LocalKms server with one key; resolves when it listens. */
export const startKmsProcess = (): Promise<KmsProcess> =>
  new Promise((resolve, reject) => {
    const child = fork(__filename, [], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const waiting = new Map<number, (reply: Reply) => void>();
    let next = 0;
    const ask = (type: string): Promise<Reply> =>
      new Promise((answer) => {
        const id = next++;
        waiting.set(id, answer);
        child.send({ id, type });
      });
    child.once('exit', (code) => reject(new Error(`the LocalKms process exited (${code})`)));
    child.on('message', (message: { ready?: { config: LocalKmsClientConfig; keyArn: string } } & Reply) => {
      if (message.ready !== undefined) {
        const { config, keyArn } = message.ready;
        resolve({
          keyArn,
          clientConfig: () => ({ ...config, credentials: { ...config.credentials } }),
          resetCounters: async () => {
            await ask('reset');
          },
          counts: async () => (await ask('counts')).counts!,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill();
            }),
        });
        return;
      }
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
  });

const serve = async (): Promise<void> => {
  const kms = await LocalKms.start();
  const keyArn = kms.createKey({ alias: 'alias/memory' }).arn;
  process.on('message', (message: { id: number; type: string }) => {
    if (message.type === 'reset') kms.resetCounters();
    const calls = kms.calls;
    process.send?.({ id: message.id, counts: { GenerateDataKey: calls.GenerateDataKey, Decrypt: calls.Decrypt, total: kms.callCount() } });
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: { config: kms.clientConfig(), keyArn } });
};

if (require.main === module) void serve();
