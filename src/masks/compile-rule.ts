import { DataMaskingInvalidOptionsError } from '../errors';
import { setMember } from '../json/copy-json';
import { MAX_DEPTH, jsonView, tooDeepSignal } from '../json/json-view';
import type { MaskingRule } from '../types';
import { defaultMask } from './default-mask';
import { type TextMask, customMask, dynamicMask, regexMask } from './leaf-masks';

/** What an erased value becomes under one rule. */
export type ValueMask = (value: unknown) => unknown;

/**
 * Turns a {@link MaskingRule} into a mask function, validating it first.
 * Precedence (Python's): `regexPattern` + `maskFormat`, then `customMask`, then `dynamicMask`,
 * then the default `'*****'`. The non-default masks apply to every scalar inside objects and
 * arrays, keeping their structure; numbers, booleans and null are masked as their JSON text.
 * @param where names the rule in error messages (an option or a path).
 * @throws DataMaskingInvalidOptionsError
 */
export const compileRule = (rule: MaskingRule | undefined, where: string): ValueMask => {
  const textMask = rule === undefined ? undefined : compileTextMask(rule, where);
  return textMask === undefined ? defaultMask : (value) => maskLeaves(value, textMask, 0);
};

const compileTextMask = (rule: MaskingRule, where: string): TextMask | undefined => {
  if (typeof rule !== 'object' || rule === null) throw invalid(where, 'a masking rule must be an object');
  const { dynamicMask: dynamic, customMask: custom, regexPattern, maskFormat } = rule;
  if (dynamic !== undefined && typeof dynamic !== 'boolean') throw invalid(where, 'dynamicMask must be a boolean');
  if (custom !== undefined && typeof custom !== 'string') throw invalid(where, 'customMask must be a string');
  if (maskFormat !== undefined && typeof maskFormat !== 'string') throw invalid(where, 'maskFormat must be a string');
  if ((regexPattern === undefined) !== (maskFormat === undefined)) {
    throw invalid(where, 'regexPattern and maskFormat must be given together');
  }
  if (regexPattern !== undefined) return regexMask(toGlobalRegex(regexPattern, where), maskFormat!);
  if (custom !== undefined) return customMask(custom);
  return dynamic === true ? dynamicMask : undefined;
};

const toGlobalRegex = (pattern: string | RegExp, where: string): RegExp => {
  if (pattern instanceof RegExp) {
    return pattern.flags.includes('g') ? new RegExp(pattern) : new RegExp(pattern.source, `${pattern.flags}g`);
  }
  if (typeof pattern !== 'string') throw invalid(where, 'regexPattern must be a string or a RegExp');
  try {
    return new RegExp(pattern, 'g');
  } catch (error) {
    throw invalid(where, 'regexPattern is not a valid regular expression', error);
  }
};

const invalid = (where: string, problem: string, cause?: unknown): DataMaskingInvalidOptionsError =>
  new DataMaskingInvalidOptionsError(`Invalid masking rule (${where}): ${problem}`, { cause });

const maskLeaves = (value: unknown, mask: TextMask, depth: number): unknown => {
  const view = jsonView(value);
  if (typeof view === 'string') return mask(view);
  if (typeof view !== 'object' || view === null) return mask(String(view));
  if (depth >= MAX_DEPTH) throw tooDeepSignal();
  let masked: unknown;
  if (Array.isArray(view)) {
    masked = view.map((element) => maskLeaves(element === undefined ? null : element, mask, depth + 1));
  } else {
    const object: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(view)) {
      if (member !== undefined) setMember(object, key, maskLeaves(member, mask, depth + 1));
    }
    masked = object;
  }
  return masked;
};
