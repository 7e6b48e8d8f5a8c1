import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import pino from 'pino';
import { compileEraser } from '../src';
import { MaskingLogFormatter } from '../src/logging/powertools';
import { withMasking } from '../src/logging/pino';
import { type ReportSection, comparisonTable, measure } from './harness';
import { jsonPathPlusErase } from './jsonpath-plus-baseline';
import { apiGatewayEvent, largeObject, smallObject } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pinoRedact = require('@pinojs/redact') as (options: object) => (value: object) => unknown;

const MASK = '*****';

/** A stream that drops what it is given: the loggers do all their work, the terminal none. */
const discard = (): Writable => new Writable({ write: (_chunk, _encoding, callback) => callback() });

const LINES_PER_RUN = 100;

/**
 * CPU time, not wall time: this section runs on machines shared with other work, where wall time
 * mostly measures the wait for a core. More rounds, for steadier medians.
 */
const CPU_CLOCK = { clock: 'cpu', rounds: 11 } as const;
const LOG_FIELDS = ['$..password', '$.event.headers.Authorization', '$.card.number'];

/** A Powertools Logger writing to a discarding stream (its Console is built on process.stdout otherwise). */
const powertoolsLogger = (masked: boolean): Logger => {
  const logger = masked
    ? new Logger({ serviceName: 'orders', logFormatter: new MaskingLogFormatter({ fields: LOG_FIELDS }) })
    : new Logger({ serviceName: 'orders' });
  (logger as unknown as { console: Console }).console = new Console({ stdout: discard(), stderr: discard() });
  logger.appendPersistentKeys({ tenant: 't-1', session: { id: 's-1', password: 'p' } });
  return logger;
};

const logLines = (logger: { info: (message: string, extra: Record<string, unknown>) => void }) => () => {
  for (let line = 0; line < LINES_PER_RUN; line++) {
    logger.info('order placed', { orderId: line, card: { number: '4111111111111111', brand: 'visa' }, user: { name: 'Ann', password: 'x' } });
  }
};

/** Per 10,000 lines, from ops/s of runs of LINES_PER_RUN lines. */
const per10k = (opsPerSecond: number): string => `${((10_000 / LINES_PER_RUN / opsPerSecond) * 1000).toFixed(0)} ms`;

/** The log-masking hot path: the compiled eraser against the redaction libraries, and the loggers with and without masking. */
export const runLoggingBench = (): ReportSection[] => {
  const small = smallObject();
  const event = apiGatewayEvent();
  const large = largeObject();
  const eventPaths = ['headers.Authorization', 'requestContext.identity.sourceIp', 'requestContext.authorizer.claims.email'];

  const smallRows = measure(
    [
      {
        name: 'lambda-data-masking compileEraser, shareUnchanged (as the log integrations run it)',
        run: (() => {
          const erase = compileEraser({ fields: ['a.b.c'], shareUnchanged: true });
          return () => erase(small);
        })(),
      },
      {
        name: 'lambda-data-masking compileEraser (full copy)',
        run: (() => {
          const erase = compileEraser({ fields: ['a.b.c'] });
          return () => erase(small);
        })(),
      },
      {
        name: '@pinojs/redact (selective clone)',
        run: (() => {
          const redact = pinoRedact({ paths: ['a.b.c'], censor: MASK, serialize: false });
          return () => redact(small);
        })(),
      },
    ],
    CPU_CLOCK,
  );
  const eventRows = measure(
    [
      {
        name: 'lambda-data-masking compileEraser, shareUnchanged (as the log integrations run it)',
        run: (() => {
          const erase = compileEraser({ fields: eventPaths, shareUnchanged: true });
          return () => erase(event);
        })(),
      },
      {
        name: 'lambda-data-masking compileEraser (full copy)',
        run: (() => {
          const erase = compileEraser({ fields: eventPaths });
          return () => erase(event);
        })(),
      },
      {
        name: '@pinojs/redact (selective clone)',
        run: (() => {
          const redact = pinoRedact({ paths: eventPaths, censor: MASK, serialize: false });
          return () => redact(event);
        })(),
      },
    ],
    CPU_CLOCK,
  );
  const descendantRows = measure(
    [
      {
        name: 'lambda-data-masking compileEraser, shareUnchanged',
        run: (() => {
          const erase = compileEraser({ fields: ['$..password'], shareUnchanged: true });
          return () => erase(large);
        })(),
      },
      { name: 'jsonpath-plus + callback', run: () => jsonPathPlusErase(large, ['$..password']) },
    ],
    CPU_CLOCK,
  );
  const filterRows = measure(
    [
      {
        name: 'lambda-data-masking compileEraser, shareUnchanged',
        run: (() => {
          const erase = compileEraser({ fields: ['$.users[?(@.id > 50)].email'], shareUnchanged: true });
          return () => erase(large);
        })(),
      },
      { name: 'jsonpath-plus + callback', run: () => jsonPathPlusErase(large, ['$.users[?(@.id > 50)].email']) },
    ],
    CPU_CLOCK,
  );
  const powertoolsRows = measure(
    [
      { name: 'Powertools Logger + MaskingLogFormatter', run: logLines(powertoolsLogger(true)) },
      { name: 'Powertools Logger, no masking', run: logLines(powertoolsLogger(false)) },
    ],
    CPU_CLOCK,
  );
  const pinoRows = measure(
    [
      { name: 'pino + withMasking', run: logLines(pino(withMasking({}, { fields: LOG_FIELDS }), discard())) },
      { name: 'pino, no masking', run: logLines(pino({}, discard())) },
      {
        name: "pino + its own redact (static paths 'user.password', 'card.number')",
        run: logLines(pino({ redact: { paths: ['user.password', 'card.number'], censor: MASK } }, discard())),
      },
    ],
    CPU_CLOCK,
  );
  const size = (value: unknown): string => `${(JSON.stringify(value).length / 1024).toFixed(1)} KB`;
  const loggerTable = (rows: ReturnType<typeof measure>): string[] => [
    '| logger | per 10,000 lines | time vs masked |',
    '| --- | ---: | ---: |',
    ...rows.map(({ name, opsPerSecond }) => `| ${name} | ${per10k(opsPerSecond)} | ${(rows[0]!.opsPerSecond / opsPerSecond).toFixed(2)}× |`),
  ];
  return [
    {
      title: 'Log masking: small object, one static path',
      description: `The compiled eraser (options validated and paths compiled once) on fast-redact's shape (${size(small)}), path \`a.b.c\`. With \`shareUnchanged\` (what the log integrations use) ours copies only the objects on the way to a match, like @pinojs/redact; without it, a full copy sharing nothing with the input (the \`erase\` contract). This section measures CPU time (\`process.cpuUsage\`), not wall time, over 11 rounds: on a crowded machine wall time mostly measures the wait for a core.`,
      lines: comparisonTable(smallRows),
    },
    {
      title: 'Log masking: API Gateway event, three static paths',
      description: `A REST API proxy event (${size(event)}), \`${eventPaths.join('`, `')}\`.`,
      lines: comparisonTable(eventRows),
    },
    {
      title: 'Log masking: recursive descent and filter',
      description: `The 100-user object (${size(large)}): \`$..password\`, then \`$.users[?(@.id > 50)].email\`, against jsonpath-plus (on a structuredClone, as a caller must to keep the input).`,
      lines: [...comparisonTable(descendantRows), '', ...comparisonTable(filterRows)],
    },
    {
      title: 'Log masking: 10,000 lines through Powertools Logger',
      description: `Each line: persistent keys, a message and extra keys (about 250 bytes); masking \`${LOG_FIELDS.join('`, `')}\`. Both loggers write through a Console on a discarding stream.`,
      lines: loggerTable(powertoolsRows),
    },
    {
      title: 'Log masking: 10,000 lines through pino',
      description:
        "The same lines and paths; pino writes to a discarding stream. pino's own redact takes only static paths, so it is given the three concrete locations.",
      lines: loggerTable(pinoRows),
    },
  ];
};
