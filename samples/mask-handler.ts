/**
 * `@MaskHandler` on a handler class (Powertools' `LambdaInterface` style): the handler returns
 * its data as usual, and the decorator erases the listed fields of whatever it returns.
 * The same result as getting-started-erase.ts. Event: events/customer-event.json.
 */
import { MaskHandler } from 'lambda-data-masking';
import type { Context, LambdaInterface } from './lambda';

class Lambda implements LambdaInterface {
  @MaskHandler(['email', 'address.street', 'company_address'])
  public async handler(event: { body: Record<string, unknown> }, _context?: Context): Promise<unknown> {
    return event.body;
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
