/**
 * winston: maskingFormat is a format. Put it after the formats that add data (errors, splat,
 * timestamp, metadata) and before the one that writes the line (json, printf, logstash).
 * Event: events/order-event.json.
 */
import { Writable } from 'node:stream';
import winston from 'winston';
import { maskingFormat } from 'lambda-data-masking/logger/winston';

export const createLogger = (stream: NodeJS.WritableStream = process.stdout) =>
  winston.createLogger({
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      maskingFormat({ fields: ['$..password', '$..card.number', '$.items[?(@.price > 50)].sku'] }),
      winston.format.json(),
    ),
    transports: [new winston.transports.Stream({ stream })],
  });

/** Logs the order and returns the lines winston wrote (parsed), to show what leaves the process. */
export const writtenLines = async (event: { body: { customer: object; card: object; items: object[] } }) => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) });
  const logger = createLogger(stream);
  logger.info('order received', { customer: event.body.customer, card: event.body.card, items: event.body.items });
  return lines.map((line) => JSON.parse(line) as unknown);
};
