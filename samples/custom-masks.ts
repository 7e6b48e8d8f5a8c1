/**
 * Custom masks and masking rules: keep part of a value readable (its shape, its first letter,
 * its last four digits) while erasing the rest. Event: events/custom-masks-event.json.
 */
import { DataMasking, enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are an opt-in (with npm install re2js)
const masker = new DataMasking();

export const handler = async (event: { body: Record<string, unknown> }) =>
  masker.erase(event.body, {
    fields: ['ssn'], // '*****', the default mask
    maskingRules: {
      email: { regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }, // every match, with $1, $<name>, $&
      phone: { dynamicMask: true }, // one '*' per character, keeping '- _ . ' and spaces
      'card.number': { regexPattern: /\d{4} /g, maskFormat: '**** ' }, // the last 4 digits stay
      'card.cvv': { customMask: 'XXX' }, // a fixed mask, cut to the value's length
      'address.*': { dynamicMask: true }, // every member, numbers too (masked as their text)
    },
  });
