import { ownOptions } from '../json/own-options';
import type { MaskingRule } from '../types';
import { RULE_KEYS, type ValueMask, compileMaskingRule, toValueMask } from './compile-rule';
import { dynamicMaskLoop } from './dynamic-mask-loop';
import { type TextMask, dynamicMask } from './leaf-masks';

/** A rule's own members, as `ownOptions` reads them. */
type OwnRule = Partial<Record<(typeof RULE_KEYS)[number], unknown>>;

/**
 * The mask of one `@Erase` property: its rule's {@link toValueMask}, except that a string (what
 * a masked property usually holds) goes straight to the rule's text mask, as the leaf walk would
 * send it; the dynamic mask runs as {@link dynamicMaskLoop}, and a custom mask answers a value at
 * least twice its length at once (a code point is at most two UTF-16 units, so such a value holds
 * at least as many code points as the mask: the whole mask) instead of counting code points.
 * Same results, without the walk's per-value dispatch; kept apart from `compile-rule.ts` so that
 * erase-only bundles do not carry it. The rule's own members are read once here.
 * @throws DataMaskingInvalidOptionsError for an invalid rule.
 */
export const compileFieldMask = (rule: MaskingRule | undefined, where: string): ValueMask => {
  const own = typeof rule === 'object' && rule !== null && !Array.isArray(rule) ? ownOptions(rule, RULE_KEYS, 'a masking rule') : rule;
  const compiled = compileMaskingRule(own, where, 'options');
  const general = toValueMask(compiled);
  const text = fastText(compiled.text, own as OwnRule | undefined);
  if (text === undefined) return general;
  return (value) => (typeof value === 'string' ? text(value) : general(value));
};

/** The rule's text mask, or a faster one giving the same results (precedence as `compileMaskingRule`: regex, custom, dynamic). */
const fastText = (text: TextMask | undefined, own: OwnRule | undefined): TextMask | undefined => {
  if (text === dynamicMask) return dynamicMaskLoop;
  const custom = own?.customMask;
  if (text === undefined || own?.regexPattern !== undefined || typeof custom !== 'string' || custom === '') return text;
  const twice = 2 * Array.from(custom).length;
  return (value) => (value.length >= twice ? custom : text(value));
};
