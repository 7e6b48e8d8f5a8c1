/**
 * JSON string input: an API Gateway body arrives as a JSON string. Erase parses it, erases the
 * fields, and returns the parsed object (not a string). Event: events/json-input-event.json.
 */
import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: { body: string }) => masker.erase(event.body, { fields: ['card_number', 'address.postcode'] });
