import type { RE2JS as RE2JSClass } from 're2js';
import { DataMaskingInvalidOptionsError } from '../errors';

type Re2Module = { RE2JS: typeof RE2JSClass };

let loaded: Re2Module | undefined;

/**
 * Loads `re2js` (an optional peer dependency, a pure-JavaScript port of RE2) the first time a
 * regular expression that runs on data is compiled: a `regexPattern` rule or a `=~` filter.
 * Erase-only code without them never loads it (nor bundles it, when it is not installed).
 * @throws DataMaskingInvalidOptionsError when it is not installed.
 */
export const loadRe2 = (): Re2Module => {
  if (loaded !== undefined) return loaded;
  try {
    // Inside try: a bundler leaves the require to run time when re2js is not installed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('re2js') as Re2Module;
  } catch (cause) {
    throw new DataMaskingInvalidOptionsError(
      'regexPattern rules and =~ filters run in linear time with the optional dependency re2js: npm install re2js',
      { cause },
    );
  }
  return loaded;
};
