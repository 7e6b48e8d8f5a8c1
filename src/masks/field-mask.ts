import type { MaskingRule } from '../types';
import { type ValueMask, compileMaskingRule, toValueMask } from './compile-rule';
import { dynamicMaskLoop } from './dynamic-mask-loop';
import { dynamicMask } from './leaf-masks';

/**
 * The mask of one `@Erase` property: its rule's {@link toValueMask}, except that a string (what
 * a masked property usually holds) goes straight to the rule's text mask, as the leaf walk would
 * send it, and the dynamic mask runs as {@link dynamicMaskLoop}. Same results, without the walk's
 * per-value dispatch; kept apart from `compile-rule.ts` so that erase-only bundles do not carry it.
 * @throws DataMaskingInvalidOptionsError for an invalid rule.
 */
export const compileFieldMask = (rule: MaskingRule | undefined, where: string): ValueMask => {
  const compiled = compileMaskingRule(rule, where, 'options');
  const general = toValueMask(compiled);
  const text = compiled.text === dynamicMask ? dynamicMaskLoop : compiled.text;
  if (text === undefined) return general;
  return (value) => (typeof value === 'string' ? text(value) : general(value));
};
