/**
 * Choosing parts of your data: everything under a key: `address`, a list, keeps its length.
 * Event: events/choosing-parts/all-key-items.json
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>) => masker.erase(event, { fields: ['address'] });
