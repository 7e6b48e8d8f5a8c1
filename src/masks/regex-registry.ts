import { DataMaskingInvalidOptionsError } from '../errors';
import type { compileRegex, readRegexLiteral } from './regex';

/** The regular expression front end (`regex.ts`), as `enableRegex()` hands it over. @internal */
export interface RegexSupport {
  readonly compileRegex: typeof compileRegex;
  readonly readRegexLiteral: typeof readRegexLiteral;
}

let support: RegexSupport | undefined;

/**
 * Regular expressions on data reach the rules and filters only when handed over (`enableRegex`):
 * a bundler then leaves the front end, and re2js with it, out of programs that never call it.
 * @internal
 */
export const provideRegex = (front: RegexSupport): void => {
  support ??= front;
};

/**
 * @throws DataMaskingInvalidOptionsError naming the fix when `enableRegex()` was not called.
 * @internal
 */
export const requireRegex = (): RegexSupport => {
  if (support === undefined) {
    throw new DataMaskingInvalidOptionsError('regexPattern rules and =~ filters need enableRegex() first (and npm install re2js)');
  }
  return support;
};
