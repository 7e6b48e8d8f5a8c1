/**
 * Choosing parts of your data: a nested key: `address.postcode`.
 * Event: events/choosing-parts/nested-key.json
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>) => masker.erase(event, { fields: ['address.postcode'] });
