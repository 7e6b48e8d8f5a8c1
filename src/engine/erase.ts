import { DataMaskingInvalidOptionsError } from '../errors';
import { toPublicError } from '../json/json-view';
import { type ValueMask, compileRule } from '../masks/compile-rule';
import { defaultMask } from '../masks/default-mask';
import { type CompiledPath, compilePath } from '../paths/compile';
import { formatLocation } from '../paths/location';
import { transformPaths } from '../paths/walk';
import type { EraseOptions, MaskingRule } from '../types';
import { assertJsonRoot, compileFields, parseIfJsonString } from './input';
import { type MissingFieldPolicy, reportMissingFields } from './missing-fields';

/**
 * Erases the whole payload, or the locations chosen by `fields` and `maskingRules`.
 * See {@link DataMasking.erase} for the contract.
 */
export const eraseData = (data: unknown, options: EraseOptions | undefined, policy: MissingFieldPolicy): unknown => {
  assertJsonRoot(data);
  const { fields, maskingRules, ...rule } = options ?? {};
  const optionsMask = compileRule(rule, 'options');
  if (fields === undefined && maskingRules === undefined) return eraseWhole(data, optionsMask);

  const masks = new Map<CompiledPath, ValueMask>();
  const paths: CompiledPath[] = [];
  // Rules come first: where a rule and a plain field select the same location, the rule wins.
  for (const [source, pathRule] of ruleEntries(maskingRules)) {
    const path = compilePath(source);
    paths.push(path);
    if (!masks.has(path)) masks.set(path, compileRule(pathRule, `maskingRules['${source}']`));
  }
  if (fields !== undefined) {
    for (const path of compileFields(fields)) {
      paths.push(path);
      if (!masks.has(path)) masks.set(path, optionsMask);
    }
  }
  const { result, matched } = transformPaths(parseIfJsonString(data), paths, (value, path) => masks.get(path)!(value));
  reportMissingFields(paths, matched, policy);
  return result;
};

const eraseWhole = (data: unknown, mask: ValueMask): unknown => {
  if (mask === defaultMask) return defaultMask(data);
  try {
    return mask(data);
  } catch (error) {
    throw toPublicError(error, data, formatLocation);
  }
};

const ruleEntries = (maskingRules: EraseOptions['maskingRules']): [string, MaskingRule][] => {
  if (maskingRules === undefined) return [];
  if (typeof maskingRules !== 'object' || maskingRules === null || Array.isArray(maskingRules)) {
    throw new DataMaskingInvalidOptionsError('maskingRules must be an object mapping paths to rules');
  }
  const entries = Object.entries(maskingRules);
  if (entries.length === 0) throw new DataMaskingInvalidOptionsError('maskingRules is empty: omit it or give at least one path');
  return entries;
};
