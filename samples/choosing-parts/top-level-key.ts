/**
 * Choosing parts of your data: a top-level key: `card_number`.
 * Event: events/choosing-parts/top-level-key.json
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>) => masker.erase(event, { fields: ['card_number'] });
