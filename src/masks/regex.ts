import { DataMaskingInvalidOptionsError } from '../errors';

/** A regular expression that runs on data: every match replaced, or a test. */
export interface DataRegex {
  /** `text` with every match replaced by `format` (JavaScript replacement syntax). */
  replaceAll(text: string, format: string): string;
  test(text: string): boolean;
}

/**
 * Compiles a `regexPattern` (a string or a RegExp; every match is replaced).
 * @throws DataMaskingInvalidOptionsError for a pattern that does not compile.
 */
export const compileRegex = (pattern: unknown, where: string): DataRegex => {
  let regex: RegExp;
  if (pattern instanceof RegExp) {
    regex = pattern.flags.includes('g') ? new RegExp(pattern) : new RegExp(pattern.source, `${pattern.flags}g`);
  } else {
    if (typeof pattern !== 'string') throw invalid(where, 'regexPattern must be a string or a RegExp');
    try {
      regex = new RegExp(pattern, 'g');
    } catch (error) {
      throw invalid(where, 'regexPattern is not a valid regular expression', error);
    }
  }
  return {
    replaceAll: (text, format) => text.replace(regex, format),
    test: (text) => {
      regex.lastIndex = 0;
      return regex.test(text);
    },
  };
};

const invalid = (where: string, problem: string, cause?: unknown): DataMaskingInvalidOptionsError =>
  new DataMaskingInvalidOptionsError(`Invalid masking rule (${where}): ${problem}`, { cause });
