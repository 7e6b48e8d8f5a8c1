import { extendContext, fieldContext, validateContext } from '../operations/context';
import { DataMaskingInvalidOptionsError } from '../errors';
import type { EncryptionContext } from '../types';
import type { FieldPlan } from './plan';

/**
 * The context of one `@Encrypt` property's ciphertext: the call's pairs (which already hold the
 * masker's default context), the property's own (static, or computed from the instance holding
 * it; they win over the call's, but a key of the masker's default context `fixed` cannot be
 * given another value: refused) and the property's location shape relative to the outermost DTO
 * (anti-swap, as field-level encrypt).
 * @internal
 */
export const propertyContext = (
  callContext: EncryptionContext | undefined,
  field: FieldPlan,
  className: string,
  holder: object,
  shape: string,
  fixed?: EncryptionContext,
): EncryptionContext => {
  const own = field.context;
  if (own === undefined) return fieldContext(callContext, shape);
  let pairs: EncryptionContext | undefined;
  if (typeof own === 'function') {
    let computed: unknown;
    try {
      computed = own(holder);
    } catch (error) {
      throw new DataMaskingInvalidOptionsError(`The @Encrypt context function of ${className}.${field.key} threw`, { cause: error });
    }
    pairs = validateContext(computed);
  } else {
    pairs = own;
  }
  if (fixed !== undefined) extendContext(fixed, pairs, `@Encrypt on ${className}.${field.key}`);
  return fieldContext(callContext === undefined ? pairs : { ...callContext, ...pairs }, shape);
};
