import type { RE2JS as RE2JSClass } from 're2js';
import { loadOptional } from '../optional/require-optional';

type Re2Module = { RE2JS: typeof RE2JSClass };

let loaded: Re2Module | undefined;

/**
 * Loads `re2js` (an optional peer dependency, a pure-JavaScript port of RE2) the first time a
 * regular expression that runs on data is compiled: a `regexPattern` rule or a `=~` filter.
 * Erase-only code without them never loads it.
 * @throws DataMaskingMissingDependencyError when it is not installed.
 */
export const loadRe2 = (): Re2Module => {
  loaded ??= loadOptional<Re2Module>(requireRe2, 're2js', 'regexPattern rules and =~ filters (regular expressions on data, in linear time)');
  return loaded;
};

/**
 * A literal `require`, so that a bundler includes re2js when it is installed; inside a `try` of
 * its own, so that a bundler leaves it to run time (to fail in `loadOptional`) when it is not.
 */
const requireRe2 = (): unknown => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('re2js');
  } catch (error) {
    // biome-ignore lint/complexity/noUselessCatch: the try is what makes a bundler leave a missing re2js to run time
    throw error;
  }
};
