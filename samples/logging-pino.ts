/**
 * pino: withMasking adds masking to your pino options, with full JSONPath where pino's own
 * `redact` takes only static paths. It masks every log object and the bindings of every child
 * logger; your own formatters, serializers, mixin and redact keep working.
 * Event: events/order-event.json.
 */
import pino from 'pino';
import { withMasking } from 'lambda-data-masking/logger/pino';

export const createLogger = (destination: pino.DestinationStream = pino.destination(1)) =>
  pino(
    withMasking(
      { level: 'info', base: { service: 'orders' } },
      { fields: ['$..password', '$..card.number', '$.order.items[?(@.price > 50)].sku'] },
    ),
    destination,
  );

export const handleOrder = (logger: pino.Logger, event: { body: { customer: object; card: object; items: object[] } }) => {
  const orderLogger = logger.child({ customer: event.body.customer });
  orderLogger.info({ order: { card: event.body.card, items: event.body.items } }, 'order received');
};
