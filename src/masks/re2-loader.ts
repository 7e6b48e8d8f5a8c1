import type { RE2JS as RE2JSClass } from 're2js';
import { DataMaskingMissingDependencyError } from '../errors';
import { isMissing } from '../optional/require-optional';

type Re2Module = { RE2JS: typeof RE2JSClass };

let loaded: Re2Module | undefined;

/**
 * Loads `re2js` (an optional peer dependency, a pure-JavaScript port of RE2) the first time a
 * regular expression that runs on data is compiled: a `regexPattern` rule or a `=~` filter.
 * Erase-only code without them never loads it. A literal `require`, so that a bundler includes
 * re2js when it is installed; inside a `try`, so that a bundler leaves a missing one to run time.
 * @throws DataMaskingMissingDependencyError when it is not installed.
 */
export const loadRe2 = (): Re2Module => {
  if (loaded === undefined) {
    try {
      loaded = require('re2js') as Re2Module;
    } catch (error) {
      if (isMissing(error, 're2js')) throw new DataMaskingMissingDependencyError('regexPattern rules and =~ filters', ['re2js'], { cause: error });
      throw error;
    }
  }
  return loaded;
};
