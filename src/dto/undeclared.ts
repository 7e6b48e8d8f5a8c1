import { DataMaskingInvalidOptionsError } from '../errors';
import { formatLocation } from '../jsonpath/location';

/**
 * The error for plain data, inside a class instance, that holds a member some class erases or
 * encrypts where nothing declares the property's class: it may be that DTO (its `@Type` lost to a
 * second copy of class-transformer, or typed only for TypeScript, whose `design:type` esbuild and
 * swc do not emit), and masking it as plain data would pass the member in clear. Names the
 * property and the classes (code, never data values) and says what to add.
 * @internal
 */
export const undeclaredNestedError = (
  holder: { readonly name: string; readonly at: number } | undefined,
  location: readonly (string | number)[],
  key: string,
  owners: ReadonlySet<string>,
): DataMaskingInvalidOptionsError => {
  const known = [...owners].filter((owner) => owner !== '?');
  const where = holder === undefined ? formatLocation(location) : `${holder.name} at ${formatLocation(location.slice(holder.at))}`;
  const protectedBy = known.length === 0 ? 'some DTO class' : known.join(', ');
  const suggestion = known.length === 1 ? known[0] : 'TheClass';
  return new DataMaskingInvalidOptionsError(
    `Plain data in ${where} holds a member named ${JSON.stringify(key).slice(0, 80)}, which @Erase/@Encrypt protect on ${protectedBy}, ` +
      `but nothing declares the property's class: add @MaskNested(() => ${suggestion}) to that property ` +
      '(or @MaskNested(() => Object) if it holds plain data only)',
  );
};
