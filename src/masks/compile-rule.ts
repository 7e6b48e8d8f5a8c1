import { DataMaskingInvalidOptionsError } from '../errors';
import { ownOptions } from '../json/own-options';
import { setMember } from '../json/copy-json';
import { MAX_DEPTH, jsonView, tooDeepSignal } from '../json/json-view';
import type { MaskingRule } from '../types';
import { DATA_MASKING_STRING, defaultMask } from './default-mask';
import { type TextMask, customMask, dynamicMask, regexMask } from './leaf-masks';
import { requireRegex } from './regex-registry';

/** What an erased value becomes under one rule. */
export type ValueMask = (value: unknown) => unknown;

/**
 * Where a rule comes from, which decides what it does to `null` (as Python Powertools does):
 * erase's own options turn a `null` into `'*****'`; a `maskingRules` entry leaves it `null`.
 */
export type RuleOrigin = 'options' | 'rule';

/** A validated {@link MaskingRule}. */
export interface CompiledRule {
  /** The mask for one scalar's text; `undefined` for the default mask (the whole value becomes `'*****'`). */
  readonly text: TextMask | undefined;
  readonly origin: RuleOrigin;
}

/** The members of a {@link MaskingRule}, which erase also takes as options. */
export const RULE_KEYS = ['dynamicMask', 'customMask', 'regexPattern', 'maskFormat'] as const;

/**
 * Validates a {@link MaskingRule} (its own properties only). Precedence (Python's):
 * `regexPattern` + `maskFormat`, then `customMask` (an empty one counts as absent), then
 * `dynamicMask`, then the default `'*****'`.
 * @param where names the rule in error messages (an option or a path).
 * @throws DataMaskingInvalidOptionsError
 */
export const compileMaskingRule = (rule: unknown, where: string, origin: RuleOrigin): CompiledRule => {
  if (rule === undefined) return origin === 'options' ? DEFAULT_OPTIONS_RULE : { text: undefined, origin };
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) throw invalid(where, 'a masking rule must be an object');
  const { dynamicMask: dynamic, customMask: custom, regexPattern, maskFormat } = ownOptions(rule, RULE_KEYS, 'a masking rule');
  if (dynamic !== undefined && typeof dynamic !== 'boolean') throw invalid(where, 'dynamicMask must be a boolean');
  if (custom !== undefined && typeof custom !== 'string') throw invalid(where, 'customMask must be a string');
  if (maskFormat !== undefined && typeof maskFormat !== 'string') throw invalid(where, 'maskFormat must be a string');
  if ((regexPattern === undefined) !== (maskFormat === undefined)) {
    throw invalid(where, 'regexPattern and maskFormat must be given together');
  }
  let text: TextMask | undefined;
  if (regexPattern !== undefined) text = regexMask(requireRegex().compileRegex(regexPattern, where), maskFormat as string);
  else if (custom !== undefined && custom !== '') text = customMask(custom);
  else if (dynamic === true) text = dynamicMask;
  if (text === undefined && origin === 'options') return DEFAULT_OPTIONS_RULE;
  return { text, origin };
};

const DEFAULT_OPTIONS_RULE: CompiledRule = Object.freeze({ text: undefined, origin: 'options' });

/**
 * The rule as one function of a whole value (for a payload erased whole; `@Erase` adds fast
 * paths in `field-mask.ts`): the default mask, or the text mask applied to every scalar inside,
 * keeping objects and arrays.
 */
export const toValueMask = (rule: CompiledRule): ValueMask => {
  const text = rule.text;
  if (text === undefined) return rule.origin === 'options' ? defaultMask : (value) => (value === null ? null : defaultMask(value));
  const rules = [rule];
  return (value) => maskLeaves(value, rules, 0);
};

/** Whether a rule that masks every scalar (not the default mask). */
export const isLeafRule = (rule: CompiledRule): boolean => rule.text !== undefined;

const invalid = (where: string, problem: string): DataMaskingInvalidOptionsError =>
  new DataMaskingInvalidOptionsError(`Invalid masking rule (${where}): ${problem}`);

/**
 * One scalar (already a JSON view) under several leaf rules: the first rule that changes it
 * decides, so a value covered by several selections is never less masked than under any one
 * of them. `null` becomes `'*****'` under erase's options and stays `null` under a masking rule.
 */
export const maskScalar = (view: string | number | boolean | null, rules: readonly CompiledRule[]): unknown => {
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    let masked: unknown;
    if (view === null) masked = rule.origin === 'options' ? DATA_MASKING_STRING : null;
    else masked = rule.text!(typeof view === 'string' ? view : String(view));
    if (masked !== view) return masked;
  }
  return view;
};

/** Every scalar inside `value` masked by {@link maskScalar}, objects and arrays kept (as fresh copies). */
export const maskLeaves = (value: unknown, rules: readonly CompiledRule[], depth: number): unknown => {
  const view = jsonView(value);
  if (typeof view !== 'object' || view === null) return maskScalar(view as string | number | boolean | null, rules);
  if (depth >= MAX_DEPTH) throw tooDeepSignal();
  if (Array.isArray(view)) {
    const length = view.length;
    const masked = new Array<unknown>(length);
    for (let index = 0; index < length; index++) {
      const element = view[index] as unknown;
      masked[index] = maskLeaves(element === undefined ? null : element, rules, depth + 1);
    }
    return masked;
  }
  const object: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(view)) {
    if (member !== undefined) setMember(object, key, maskLeaves(member, rules, depth + 1));
  }
  return object;
};
