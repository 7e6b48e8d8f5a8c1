/**
 * Choosing parts of your data: a key in every element of a list: `address[*].street`.
 * Event: events/choosing-parts/all-fields-in-a-list.json
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>) => masker.erase(event, { fields: ['address[*].street'] });
