/**
 * Powertools Logger: MaskingLogFormatter masks the chosen paths in every log item, through the
 * Logger's own extension point (its log formatter): persistent and temporary keys, the extra
 * keys of each call, structured errors and the event logged by `injectLambdaContext`.
 * Paths are written from the printed item's root. A path an item lacks is skipped silently.
 * Event: events/order-event.json.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MaskingLogFormatter } from 'lambda-data-masking/logger/powertools';

export const logger = new Logger({
  serviceName: 'orders',
  logFormatter: new MaskingLogFormatter({
    fields: ['$.event.headers.Authorization', '$..password', '$..card.number', '$..email'],
  }),
});

interface OrderEvent {
  headers: Record<string, string>;
  body: { customer: { name: string; email: string }; card: { number: string }; items: { sku: string; price: number }[] };
}

export const handler = middy(async (event: OrderEvent) => {
  logger.appendKeys({ customer: event.body.customer }); // on every item of this invocation
  logger.info('order received', { card: event.body.card, items: event.body.items.length });
  return { statusCode: 201 };
}).use(injectLambdaContext(logger, { logEvent: true, resetKeys: true }));
