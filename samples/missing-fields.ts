/**
 * Optional fields: by default a path that selects nothing throws DataMaskingFieldNotFoundError,
 * so a typo in a path cannot silently leak data. When some events lack a field, turn that into
 * a warning instead, sent to your logger (it names the path, never the data).
 * Event: events/missing-fields-event.json.
 */
import { DataMasking } from 'lambda-data-masking';

export const warnings: string[] = [];

const masker = new DataMasking({
  throwOnMissingField: false,
  logger: { warn: (message: string) => void warnings.push(message) }, // e.g. Powertools' Logger
});

export const handler = async (event: { body: Record<string, unknown> }) =>
  masker.erase(event.body, { fields: ['email', 'phone', 'address.street'] });
