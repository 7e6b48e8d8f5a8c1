import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

/** Erases the email, the street and the whole company address of the event's body. */
export const handler = async (event: { body: Record<string, unknown> }): Promise<unknown> =>
  masker.erase(event.body, { fields: ['email', 'address.street', 'company_address'] });
