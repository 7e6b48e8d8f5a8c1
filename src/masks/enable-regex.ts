import { compileRegex, readRegexLiteral } from './regex';
import { provideRegex } from './regex-registry';

/**
 * Makes regular expressions on data available: `regexPattern` + `maskFormat` rules (in `erase`,
 * `compileEraser`, the log maskers, Middy and NestJS options) and `=~` filters in paths. Call it
 * once, at module level, before the first such rule or path is compiled; `@Erase({ regexPattern })`
 * calls it itself. Needs the optional peer `re2js` (`npm install re2js`), which runs every pattern
 * in time linear in the text. Without it, a program (and its bundle) carries no regular expression
 * code, and a `regexPattern` rule or a `=~` filter throws `DataMaskingInvalidOptionsError` saying
 * what to do, in the CommonJS and the ES module build alike. Calling it again does nothing.
 *
 * @example
 * ```ts
 * enableRegex();
 * new DataMasking().erase(event, { fields: ['email'], regexPattern: /(.)(.*)@/, maskFormat: '$1***@' });
 * ```
 */
export const enableRegex = (): void => provideRegex({ compileRegex, readRegexLiteral });
