/**
 * The real pino, writing to a captured stream: what it writes must never hold a canary of a
 * masked path, whatever the record holds, and a log call never throws or drops its line.
 */
import pino from 'pino';
import { DataMaskingInvalidPathError } from '../../../src';
import { MASKING_FAILED_KEY, withMasking } from '../../../src/logging/pino';
import { CapturedStream, canariesIn, canary } from './capture';

const fields = ['$..password', '$.users[?(@.id > 50)].email', '$.card.number'];

const setup = (options: pino.LoggerOptions = {}) => {
  const stream = new CapturedStream();
  const logger = pino(withMasking(options, { fields }), stream);
  return { stream, logger };
};

describe('pino withMasking', () => {
  it('masks full JSONPath (descent, filters) in every line; the rest is written as pino writes it', () => {
    const { stream, logger } = setup();
    logger.info(
      {
        user: { name: 'Ann', password: canary('pw1') },
        users: [
          { id: 7, email: 'seven@example.com' },
          { id: 51, email: canary('mail51') },
        ],
        card: { number: canary('card'), expiry: '12/30' },
        nested: [{ deep: { password: canary('pw2') } }],
      },
      'order placed',
    );
    const [line] = stream.records;
    expect(canariesIn(stream.text)).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      msg: 'order placed',
      user: { name: 'Ann', password: '*****' },
      users: [
        { id: 7, email: 'seven@example.com' },
        { id: 51, email: '*****' },
      ],
      card: { number: '*****', expiry: '12/30' },
      nested: [{ deep: { password: '*****' } }],
    });
    expect(typeof line!.time).toBe('number');
    expect(line!.pid).toBe(process.pid);
  });

  it('masks child bindings and mixin output', () => {
    const { stream, logger } = setup({ mixin: () => ({ session: { password: canary('mixin') } }) });
    logger.child({ tenant: 't-1', card: { number: canary('binding') } }).info('hello');
    expect(canariesIn(stream.text)).toEqual([]);
    expect(stream.records[0]).toMatchObject({ tenant: 't-1', card: { number: '*****' }, session: { password: '*****' }, msg: 'hello' });
  });

  it('masks bindings set later (setBindings) and those of a child of a child', () => {
    const { stream, logger } = setup();
    const child = logger.child({ first: { password: canary('first') } });
    child.info('one');
    child.setBindings({ later: { password: canary('set-bindings') } });
    child.info('two');
    child.child({ card: { number: canary('grandchild') } }).info('three');
    expect(canariesIn(stream.text)).toEqual([]);
    const [one, two, three] = stream.records;
    expect(one).toMatchObject({ first: { password: '*****' }, msg: 'one' });
    expect(two).toMatchObject({ first: { password: '*****' }, later: { password: '*****' }, msg: 'two' });
    expect(three).toMatchObject({ first: { password: '*****' }, card: { number: '*****' }, msg: 'three' });
  });

  it('honours a custom errorKey', () => {
    const stream = new CapturedStream();
    const logger = pino(withMasking({ errorKey: 'error' }, { fields }), stream);
    logger.error({ error: Object.assign(new Error('declined'), { password: canary('error-key') }) }, 'failed');
    expect(canariesIn(stream.text)).toEqual([]);
    expect(stream.records[0]).toMatchObject({ error: { type: 'Error', message: 'declined', password: '*****' } });
  });

  it("runs after the caller's own formatters and together with pino's redact", () => {
    const { stream, logger } = setup({
      formatters: {
        level: (label) => ({ severity: label.toUpperCase() }),
        log: (object) => ({ ...object, wrapped: { password: canary('own-formatter') } }),
      },
      redact: { paths: ['token'], censor: '[pino-redacted]' },
    });
    logger.warn({ token: canary('token'), password: canary('pw') }, 'careful');
    expect(canariesIn(stream.text)).toEqual([]);
    expect(stream.records[0]).toMatchObject({
      severity: 'WARN',
      token: '[pino-redacted]',
      password: '*****',
      wrapped: { password: '*****' },
    });
  });

  it("masks inside a logged Error, written in pino's err shape", () => {
    const { stream, logger } = setup();
    const error = Object.assign(new Error('payment declined'), { password: canary('error-prop') });
    logger.error({ err: error, card: { number: canary('card') } }, 'failed');
    logger.error(error);
    expect(canariesIn(stream.text)).toEqual([]);
    const [first, second] = stream.records;
    expect(first).toMatchObject({ err: { type: 'Error', message: 'payment declined', password: '*****' }, card: { number: '*****' } });
    expect(String((first!.err as { stack: string }).stack)).toContain('payment declined');
    expect(second).toMatchObject({ err: { type: 'Error', message: 'payment declined', password: '*****' }, msg: 'payment declined' });
  });

  it('never warns about a path a line lacks', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { stream, logger } = setup();
      for (let index = 0; index < 20; index++) logger.info({ index }, 'no sensitive field');
      expect(stream.records).toHaveLength(20);
      expect(warn).not.toHaveBeenCalled();
      expect(errorLog).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      errorLog.mockRestore();
    }
  });

  it('never changes the object the caller logged', () => {
    const { logger } = setup();
    const logged = { user: { password: 'secret' }, list: [1, 2] };
    const snapshot = structuredClone(logged);
    logger.info(logged, 'x');
    expect(logged).toStrictEqual(snapshot);
  });

  it('rejects a bad path when the options are built, not on a log call', () => {
    expect(() => withMasking({}, { fields: ['$.a[?(@.b ==)]'] })).toThrow(DataMaskingInvalidPathError);
  });

  describe('never breaks logging', () => {
    it('a record JSON cannot hold as is (bigint, cycle) is turned into what pino writes, then masked', () => {
      const { stream, logger } = setup();
      const cyclic: Record<string, unknown> = { password: canary('cycle') };
      cyclic.self = cyclic;
      logger.info({ amount: 10n, cyclic }, 'odd values');
      expect(canariesIn(stream.text)).toEqual([]);
      expect(stream.records[0]).toMatchObject({ amount: '10', cyclic: { password: '*****' }, msg: 'odd values' });
    });

    it('a record that cannot be read goes out erased, with a note that quotes nothing of it', () => {
      const { stream, logger } = setup();
      const hostile = {
        password: canary('getter-sibling'),
        get boom(): string {
          throw new Error(`getter failed near ${canary('in-error-message')}`);
        },
      };
      expect(() => logger.info(hostile, 'hostile')).not.toThrow();
      const proxy = new Proxy(
        { password: canary('proxy') },
        {
          ownKeys: () => {
            throw new Error(canary('proxy-error'));
          },
        },
      );
      expect(() => logger.info(proxy, 'proxy')).not.toThrow();
      expect(stream.records).toHaveLength(2);
      expect(canariesIn(stream.text)).toEqual([]);
      for (const record of stream.records) {
        expect(record[MASKING_FAILED_KEY]).toMatch(/^lambda-data-masking could not mask this log record \(.+\); its content was erased$/);
        expect(record.password).toBeUndefined();
      }
    });
  });
});
