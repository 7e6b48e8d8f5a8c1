/**
 * Choosing parts of your data: an element counted from the end of a list, `address[-1].street`.
 * Only that street changes: the postcode beside it stays 78495 (the Python documentation shows
 * it changed to 11111, which erasing a street cannot do).
 * Event: events/choosing-parts/slicing-a-list.json
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>) => masker.erase(event, { fields: ['address[-1].street'] });
