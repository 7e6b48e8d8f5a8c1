/**
 * Choosing parts of your data: several keys at once: `address.postcode` and `address.street`.
 * Event: events/choosing-parts/multiple-keys.json
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>) => masker.erase(event, { fields: ['address.postcode', 'address.street'] });
