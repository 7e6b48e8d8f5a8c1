/**
 * Choosing parts of your data: a key at any depth below another: `category..name` (recursive descent).
 * Event: events/choosing-parts/complex-nested-key.json
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>) => masker.erase(event, { fields: ['category..name'] });
