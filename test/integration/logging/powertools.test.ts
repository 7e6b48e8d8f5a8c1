/**
 * The real Powertools Logger, writing to the real process.stdout: what it writes must never
 * hold a canary of a masked path (persistent and temporary keys, extra keys, structured errors,
 * the event with logEvent through injectLambdaContext as decorator and as Middy middleware).
 */
import middy from '@middy/core';
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { DataMaskingInvalidPathError } from 'lambda-data-masking';
import { MASKING_FAILED_KEY, MaskingLogFormatter } from 'lambda-data-masking/logger/powertools';
import { canariesIn, canary, captureStdio } from './capture';

const fields = ['$..password', '$.event.headers.Authorization', '$.users[?(@.id > 50)].email', '$.error.card.number'];

/** The Lambda context the Logger reads (typed from the Logger itself: aws-lambda types are not a dependency). */
type Context = Parameters<Logger['addContext']>[0];

const lambdaContext = {
  functionName: 'orders-fn',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-fn',
  memoryLimitInMB: '128',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/orders-fn',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as unknown as Context;

const event = () => ({
  httpMethod: 'POST',
  headers: { Authorization: canary('auth-header'), Accept: 'application/json' },
  body: { user: 'ann', password: canary('event-password') },
});

const records = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const maskingLogger = (options: { persistentKeys?: Record<string, unknown> } = {}) =>
  new Logger({ serviceName: 'orders', ...options, logFormatter: new MaskingLogFormatter({ fields }) });

describe('Powertools Logger with MaskingLogFormatter', () => {
  it('masks persistent, temporary and extra keys in every item', async () => {
    const { stdout, stderr } = await captureStdio(() => {
      const logger = maskingLogger({ persistentKeys: { session: { password: canary('persistent') }, tenant: 't-1' } });
      logger.appendPersistentKeys({ later: { password: canary('appended-persistent') } });
      logger.appendKeys({ request: { password: canary('temporary') } });
      logger.info(
        'order placed',
        {
          users: [
            { id: 7, email: 'seven@example.com' },
            { id: 51, email: canary('mail51') },
          ],
        },
        { extra: { password: canary('extra-object') } },
      );
      logger.debug('below the level: not written', { password: canary('debug') });
    });
    expect(canariesIn(stdout + stderr)).toEqual([]);
    const [item] = records(stdout);
    expect(item).toMatchObject({
      level: 'INFO',
      message: 'order placed',
      service: 'orders',
      tenant: 't-1',
      session: { password: '*****' },
      later: { password: '*****' },
      request: { password: '*****' },
      users: [
        { id: 7, email: 'seven@example.com' },
        { id: 51, email: '*****' },
      ],
      extra: { password: '*****' },
    });
    expect(typeof item!.timestamp).toBe('string');
  });

  it('masks inside structured errors, written as the Logger writes them', async () => {
    const { stderr } = await captureStdio(() => {
      const cause = Object.assign(new Error('card rejected'), { password: canary('cause-prop') });
      const error = Object.assign(new Error('payment failed', { cause }), { card: { number: canary('card'), brand: 'visa' } });
      maskingLogger().error('checkout failed', error);
    });
    // The Logger writes ERROR and WARN items to stderr.
    expect(canariesIn(stderr)).toEqual([]);
    const [item] = records(stderr);
    expect(item).toMatchObject({
      level: 'ERROR',
      message: 'checkout failed',
      error: {
        name: 'Error',
        message: 'payment failed',
        card: { number: '*****', brand: 'visa' },
        cause: { name: 'Error', message: 'card rejected', password: '*****' },
      },
    });
    expect(String((item!.error as { location: string }).location)).toMatch(/\.ts:\d+$/);
  });

  it('masks the event logged by injectLambdaContext({ logEvent: true }) as a decorator', async () => {
    const logger = maskingLogger();
    class Lambda {
      @logger.injectLambdaContext({ logEvent: true })
      // Declared in the callback shape, which the decorator's types accept without the aws-lambda
      // types installed; the decorator makes it async.
      public handler(_event: unknown, _context: unknown, _callback?: unknown): void {
        logger.info('handled', { password: canary('in-handler') });
      }
    }
    const lambda = new Lambda();
    const { stdout } = await captureStdio(() => lambda.handler(event(), lambdaContext) as unknown as Promise<void>);
    expect(canariesIn(stdout)).toEqual([]);
    const [logged, handled] = records(stdout);
    expect(logged).toMatchObject({
      message: 'Lambda invocation event',
      function_name: 'orders-fn',
      function_request_id: 'req-1',
      event: { httpMethod: 'POST', headers: { Authorization: '*****', Accept: 'application/json' }, body: { user: 'ann', password: '*****' } },
    });
    expect(handled).toMatchObject({ message: 'handled', password: '*****', function_name: 'orders-fn' });
  });

  it('masks the event logged by the injectLambdaContext Middy middleware', async () => {
    const logger = maskingLogger();
    const handler = middy(async () => {
      logger.warn('inside', { password: canary('middy-handler') });
      return 'ok';
    }).use(injectLambdaContext(logger, { logEvent: true }));
    const { stdout, stderr } = await captureStdio(() => handler(event(), lambdaContext));
    expect(canariesIn(stdout + stderr)).toEqual([]);
    const [logged] = records(stdout);
    const [inside] = records(stderr);
    expect(logged).toMatchObject({ message: 'Lambda invocation event', event: { headers: { Authorization: '*****' }, body: { password: '*****' } } });
    expect(inside).toMatchObject({ level: 'WARN', password: '*****', function_request_id: 'req-1' });
  });

  it('child loggers keep masking', async () => {
    const { stdout } = await captureStdio(() => {
      maskingLogger()
        .createChild({ persistentKeys: { child: { password: canary('child') } } })
        .info('from child');
    });
    expect(canariesIn(stdout)).toEqual([]);
    expect(records(stdout)[0]).toMatchObject({ message: 'from child', child: { password: '*****' } });
  });

  it('writes exactly what the default formatter writes when nothing is selected', async () => {
    const error = new Error('boom');
    const write = (logFormatter?: LogFormatter, logRecordOrder?: string[]) => {
      const options = logFormatter === undefined ? { serviceName: 'orders', logRecordOrder } : { serviceName: 'orders', logFormatter };
      const logger = new Logger(options as ConstructorParameters<typeof Logger>[0]);
      logger.addContext(lambdaContext);
      logger.appendKeys({ tenant: 't-1', nested: { a: [1, 2] } });
      logger.info('same', error);
    };
    const withoutTimestamp = ({ timestamp: _timestamp, ...rest }: Record<string, unknown>) => rest;
    const plain = await captureStdio(() => write());
    const masked = await captureStdio(() => write(new MaskingLogFormatter({ fields: ['$.absent'] })));
    expect(records(masked.stdout).map(withoutTimestamp)).toStrictEqual(records(plain.stdout).map(withoutTimestamp));
    const order = ['message', 'tenant', 'level'];
    const plainOrdered = await captureStdio(() => write(undefined, order));
    const maskedOrdered = await captureStdio(() => write(new MaskingLogFormatter({ fields: ['$.absent'], logRecordOrder: order })));
    expect(Object.keys(records(maskedOrdered.stdout)[0]!)).toStrictEqual(Object.keys(records(plainOrdered.stdout)[0]!));
    expect(Object.keys(records(maskedOrdered.stdout)[0]!).slice(0, 3)).toStrictEqual(order);
  });

  it("masks the items of the caller's own formatter", async () => {
    class Compact extends LogFormatter {
      public override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
        return new LogItem({ attributes: { lvl: attributes.logLevel, msg: attributes.message, data: additional } });
      }
    }
    const { stdout } = await captureStdio(() => {
      new Logger({ logFormatter: new MaskingLogFormatter({ fields: ['$.data..password'], formatter: new Compact() }) }).info('compact', {
        user: { password: canary('own-formatter') },
      });
    });
    expect(canariesIn(stdout)).toEqual([]);
    expect(records(stdout)[0]).toStrictEqual({ lvl: 'INFO', msg: 'compact', data: { user: { password: '*****' } } });
  });

  it('never warns about a path an item lacks', async () => {
    const { stdout, stderr } = await captureStdio(() => {
      const logger = maskingLogger();
      for (let index = 0; index < 20; index++) logger.info('no sensitive field', { index });
    });
    expect(records(stdout)).toHaveLength(20);
    expect(stderr).toBe('');
  });

  it('rejects a bad path when the formatter is made, not on a log call', () => {
    expect(() => new MaskingLogFormatter({ fields: ['$.a[?(@.b ==)]'] })).toThrow(DataMaskingInvalidPathError);
  });

  describe('never breaks logging', () => {
    it('bigints and cycles are written as the Logger writes them, and masked', async () => {
      const { stdout } = await captureStdio(() => {
        const cyclic: Record<string, unknown> = { password: canary('cycle') };
        cyclic.self = cyclic;
        maskingLogger().info('odd values', { amount: 10n, cyclic });
      });
      expect(canariesIn(stdout)).toEqual([]);
      expect(records(stdout)[0]).toMatchObject({ message: 'odd values', amount: '10', cyclic: { password: '*****' } });
    });

    it('an item that cannot be read goes out with the Logger keys and a note only', async () => {
      let thrown: unknown;
      const { stdout, stderr } = await captureStdio(() => {
        const logger = maskingLogger();
        logger.addContext(lambdaContext);
        const hostile = {
          password: canary('sibling'),
          toJSON: () => {
            throw new Error(canary('in-error-message'));
          },
        };
        try {
          logger.error(`message ${canary('message')}`, { hostile });
        } catch (error) {
          thrown = error;
        }
      });
      expect(thrown).toBeUndefined();
      expect(canariesIn(stdout + stderr)).toEqual([]);
      const [item] = records(stderr);
      expect(item).toStrictEqual({
        level: 'ERROR',
        timestamp: expect.any(String),
        service: 'orders',
        cold_start: expect.any(Boolean),
        function_arn: lambdaContext.invokedFunctionArn,
        function_memory_size: '128',
        function_name: 'orders-fn',
        function_request_id: 'req-1',
        sampling_rate: 0,
        [MASKING_FAILED_KEY]: 'lambda-data-masking could not mask this log record (DataMaskingUnsupportedTypeError); its content was erased',
      });
    });
  });
});
