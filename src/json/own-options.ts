import { DataMaskingInvalidOptionsError } from '../errors';

/**
 * The members of an options object that are its OWN properties, in a record without a
 * prototype. An option is never read through the prototype chain, so a polluted
 * `Object.prototype` (`Object.prototype.fields = [...]`) can neither switch masking off nor
 * change what is selected. `undefined` and `null` give an empty record.
 * @param what names the options in the error for a non-object.
 * @throws DataMaskingInvalidOptionsError when `options` is not an object.
 */
export const ownOptions = <Key extends string>(options: unknown, keys: readonly Key[], what: string): Partial<Record<Key, unknown>> => {
  const own = Object.create(null) as Partial<Record<Key, unknown>>;
  if (options === undefined || options === null) return own;
  if (typeof options !== 'object' || Array.isArray(options)) throw new DataMaskingInvalidOptionsError(`${what} must be an object`);
  for (const key of keys) {
    if (Object.hasOwn(options, key)) own[key] = (options as Record<Key, unknown>)[key];
  }
  return own;
};
