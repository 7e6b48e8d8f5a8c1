/** A concrete location in a document: member names and array indexes from the root. */
export type Location = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const member = (key: string): string => (IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/** `['cards', 2, 'number']` → `$.cards[2].number`. */
export const formatLocation = (location: Location): string => `$${location.map((key) => (typeof key === 'number' ? `[${key}]` : member(key))).join('')}`;

/**
 * `['cards', 2, 'number']` → `$.cards[*].number`: the location with its array indexes
 * generalised, the same for every element of a list.
 */
export const locationShape = (location: Location): string => `$${location.map((key) => (typeof key === 'number' ? '[*]' : member(key))).join('')}`;
