/**
 * Choosing parts of your data: the elements of a list that satisfy a filter.
 *
 * - `$.address[?(@.postcode > 12000)]` selects the matching addresses themselves: each one
 *   becomes '*****' (the Python documentation shows only their streets erased, which is what
 *   the second expression does);
 * - `$.address[?(@.postcode > 12000)].street` selects only the streets of those addresses.
 *
 * Event: events/choosing-parts/conditional-expression.json
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>) =>
  masker.erase(event, { fields: ['$.address[?(@.postcode > 12000)]'] });

export const streetsHandler = async (event: Record<string, unknown>) =>
  masker.erase(event, { fields: ['$.address[?(@.postcode > 12000)].street'] });
