/**
 * The real winston, writing through a Stream transport: what it writes must never hold a
 * canary of a masked path, and a log call never throws or drops its line.
 */
import winston from 'winston';
import { DataMaskingInvalidPathError } from '../../../src';
import { MASKING_FAILED_KEY, maskingFormat } from '../../../src/logging/winston';
import { CapturedStream, canariesIn, canary } from './capture';

const fields = ['$..password', '$.users[?(@.id > 50)].email', '$.card.number'];

const setup = (...formats: winston.Logform.Format[]) => {
  const stream = new CapturedStream();
  const logger = winston.createLogger({
    level: 'debug',
    format: winston.format.combine(...(formats.length > 0 ? formats : [maskingFormat({ fields }), winston.format.json()])),
    transports: [new winston.transports.Stream({ stream })],
  });
  return { stream, logger };
};

describe('winston maskingFormat', () => {
  it('masks full JSONPath (descent, filters) in every info; the rest is written as winston writes it', () => {
    const { stream, logger } = setup();
    logger.info('order placed', {
      user: { name: 'Ann', password: canary('pw1') },
      users: [
        { id: 7, email: 'seven@example.com' },
        { id: 51, email: canary('mail51') },
      ],
      card: { number: canary('card'), expiry: '12/30' },
    });
    logger.debug('second', { nested: [{ deep: { password: canary('pw2') } }] });
    expect(canariesIn(stream.text)).toEqual([]);
    expect(stream.records).toEqual([
      {
        level: 'info',
        message: 'order placed',
        user: { name: 'Ann', password: '*****' },
        users: [
          { id: 7, email: 'seven@example.com' },
          { id: 51, email: '*****' },
        ],
        card: { number: '*****', expiry: '12/30' },
      },
      { level: 'debug', message: 'second', nested: [{ deep: { password: '*****' } }] },
    ]);
  });

  it('masks defaultMeta, child metadata and the message itself when a path names it', () => {
    const stream = new CapturedStream();
    const logger = winston.createLogger({
      defaultMeta: { service: 'orders', session: { password: canary('default-meta') } },
      format: winston.format.combine(maskingFormat({ fields: ['$..password', '$.message'] }), winston.format.json()),
      transports: [new winston.transports.Stream({ stream })],
    });
    logger.child({ card: { password: canary('child') } }).warn(canary('message'));
    expect(canariesIn(stream.text)).toEqual([]);
    expect(stream.records[0]).toEqual({
      level: 'warn',
      message: '*****',
      service: 'orders',
      session: { password: '*****' },
      card: { password: '*****' },
    });
  });

  it('works with errors(), splat(), timestamp() and printf()', () => {
    const { stream, logger } = setup(
      winston.format.errors({ stack: true }),
      winston.format.splat(),
      winston.format.timestamp({ format: () => '2026-01-01T00:00:00Z' }),
      maskingFormat({ fields: ['$..password', '$.stack'] }),
      winston.format.printf((info) => `${info.timestamp} ${info.level} ${info.message} ${JSON.stringify(info.detail)} ${String(info.stack)}`),
    );
    const error = Object.assign(new Error('declined'), { detail: { password: canary('error-prop') } });
    logger.error(error);
    logger.info('user %s logged in', 'ann', { detail: { password: canary('splat-meta') } });
    expect(canariesIn(stream.text)).toEqual([]);
    expect(stream.text.split('\n').filter(Boolean)).toEqual([
      '2026-01-01T00:00:00Z error declined {"password":"*****"} *****',
      '2026-01-01T00:00:00Z info user ann logged in {"password":"*****"} undefined',
    ]);
  });

  it('masks inside an Error logged as metadata', () => {
    const { stream, logger } = setup();
    logger.error('failed', { err: Object.assign(new Error('declined'), { password: canary('error-prop') }) });
    expect(canariesIn(stream.text)).toEqual([]);
    expect(stream.records[0]).toMatchObject({ message: 'failed', err: { name: 'Error', message: 'declined', password: '*****' } });
  });

  it('fails closed when placed after the format that writes the line', () => {
    const { stream, logger } = setup(winston.format.json(), maskingFormat({ fields }));
    logger.info('late', { password: canary('late') });
    expect(canariesIn(stream.text)).toEqual([]);
    expect(stream.records[0]).toEqual({ level: 'info', message: 'late', password: '*****' });
  });

  it('never warns about a path a line lacks, and never changes the logged object', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { stream, logger } = setup();
      const meta = { user: { password: 'secret' } };
      const snapshot = structuredClone(meta);
      for (let index = 0; index < 10; index++) logger.info('plain', { index });
      logger.info('meta', meta);
      expect(stream.records).toHaveLength(11);
      expect(warn).not.toHaveBeenCalled();
      expect(meta).toStrictEqual(snapshot);
    } finally {
      warn.mockRestore();
    }
  });

  it('rejects a bad path when the format is made, not on a log call', () => {
    expect(() => maskingFormat({ fields: ['$..'] })).toThrow(DataMaskingInvalidPathError);
  });

  describe('never breaks logging', () => {
    it('bigints and cycles are written as JSON would, and masked', () => {
      const { stream, logger } = setup();
      const cyclic: Record<string, unknown> = { password: canary('cycle') };
      cyclic.self = cyclic;
      logger.info('odd values', { amount: 10n, cyclic });
      expect(canariesIn(stream.text)).toEqual([]);
      expect(stream.records[0]).toMatchObject({ message: 'odd values', amount: '10', cyclic: { password: '*****' } });
    });

    it('an info that cannot be read goes out erased with a note, at its level', () => {
      const { stream, logger } = setup();
      const hostile = {
        password: canary('getter-sibling'),
        toJSON: () => {
          throw new Error(canary('in-error-message'));
        },
      };
      expect(() => logger.warn('hostile', { payload: hostile })).not.toThrow();
      expect(canariesIn(stream.text)).toEqual([]);
      const [record] = stream.records;
      expect(record).toEqual({ level: 'warn', [MASKING_FAILED_KEY]: expect.stringMatching(/^lambda-data-masking could not mask this log record/) });
    });
  });
});
