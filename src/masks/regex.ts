import type { RE2JS } from 're2js';
import { DataMaskingInvalidOptionsError } from '../errors';
import { loadRe2 } from './re2-loader';

/** A regular expression that runs on data, in time linear in the text (RE2 semantics). */
export interface DataRegex {
  /** `text` with every match replaced by `format` (JavaScript replacement syntax: `$1`, `$<name>`, `$&`, `$$`). */
  replaceAll(text: string, format: string): string;
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
}

/** JavaScript flags and their RE2 counterparts; `g` is implied, `u` is how RE2 always reads text. */
const SUPPORTED_FLAGS = new Set(['g', 'i', 'm', 's', 'u', 'd']);

/** JavaScript's `\s` (RE2's is ASCII only): the white space and line terminators of ECMAScript. */
const JS_SPACE = '\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

/**
 * Compiles a regular expression written in JavaScript syntax (a string or a RegExp, with flags
 * `i`, `m`, `s`, `u`; `g` implied) for RE2, which runs in time linear in the text whatever the
 * pattern: no catastrophic backtracking on hostile data. Patterns RE2 cannot run in linear time
 * (backreferences, lookahead, lookbehind) are refused here, at compile time.
 * @param where names the option in error messages.
 * @throws DataMaskingInvalidOptionsError
 */
export const compileRegex = (pattern: unknown, where: string): DataRegex => {
  let source: string;
  let flags: string;
  if (pattern instanceof RegExp) {
    source = pattern.source;
    flags = pattern.flags;
  } else if (typeof pattern === 'string') {
    source = pattern;
    flags = '';
  } else {
    throw invalid(where, 'regexPattern must be a string or a RegExp');
  }
  return compileSource(source, flags, where);
};

/** {@link compileRegex} for a source and its JavaScript flags (a `=~` filter's `/.../flags`). */
export const compileSource = (source: string, flags: string, where: string): DataRegex => {
  for (const flag of flags) {
    if (!SUPPORTED_FLAGS.has(flag)) throw invalid(where, `the regular expression flag '${flag}' is not supported (use g, i, m, s or u)`);
  }
  try {
    // A JavaScript RegExp must accept it first, so RE2 never reads a pattern JavaScript would reject.
    new RegExp(source, flags.replace(/[gd]/g, ''));
  } catch (cause) {
    throw invalid(where, 'not a valid regular expression', cause);
  }
  const { RE2JS: Engine } = loadRe2();
  let compiled: RE2JS;
  try {
    compiled = Engine.compile(Engine.translateRegExp(withJavaScriptClasses(source, flags.includes('s'))), re2Flags(Engine, flags));
  } catch (cause) {
    throw invalid(
      where,
      'the regular expression cannot run in linear time (backreferences, lookahead and lookbehind are not supported; rewrite it without them)',
      cause,
    );
  }
  return {
    // The DFA test is much cheaper than a capturing search: most values do not match at all.
    replaceAll: (text, format) => (compiled.test(text) ? compiled.matcher(text).replaceAll(format) : text),
    test: (text) => compiled.test(text),
  };
};

const re2Flags = (Engine: typeof RE2JS, flags: string): number =>
  (flags.includes('i') ? Engine.CASE_INSENSITIVE : 0) | (flags.includes('m') ? Engine.MULTILINE : 0) | (flags.includes('s') ? Engine.DOTALL : 0);

/** What JavaScript's `.` does not match without the `s` flag (RE2's `.` only leaves out `\n`). */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/**
 * JavaScript's meaning of `\s`, `\S` (RE2's are ASCII only) and, without the `s` flag, `.`
 * spelled out for RE2. Hand-written (a short scan that tracks escapes and classes): neither
 * RE2 nor re2js's translator rewrites them.
 */
const withJavaScriptClasses = (source: string, dotAll: boolean): string => {
  let result = '';
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (char === '\\') {
      const next = source[index + 1] ?? '';
      index++;
      // A backreference (which no linear-time engine can run; re2js's translator would even turn
      // `\k<name>` into the literal text `k<name>`) is refused, as is an octal escape that looks like one.
      if (next === 'k' || (next >= '1' && next <= '9')) throw new UnsupportedSyntax();
      if (next === 's') result += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (next === 'S' && !inClass) result += `[^${JS_SPACE}]`;
      else result += char + next;
      continue;
    }
    if (char === '[' && !inClass) inClass = true;
    else if (char === ']' && inClass) inClass = false;
    else if (char === '.' && !inClass && !dotAll) {
      result += JS_DOT;
      continue;
    }
    result += char;
  }
  return result;
};

/** Raised by the pre-pass for syntax RE2 cannot run; reported like RE2's own refusals. */
class UnsupportedSyntax extends Error {}

const invalid = (where: string, problem: string, cause?: unknown): DataMaskingInvalidOptionsError =>
  new DataMaskingInvalidOptionsError(`Invalid regular expression (${where}): ${problem}`, { cause });
