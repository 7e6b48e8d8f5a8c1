/**
 * Getting started: erase the email, the street and the whole company address of a customer.
 * Event: events/customer-event.json. No KMS, no provider: erasing happens in memory.
 */
import { DataMasking } from 'lambda-data-masking';
import type { Context } from './lambda';

const masker = new DataMasking();

export const handler = async (event: { body: Record<string, unknown> }, _context?: Context) => {
  const data = event.body;

  // Omit `fields` and the whole body becomes '*****'.
  return masker.erase(data, { fields: ['email', 'address.street', 'company_address'] });
};
