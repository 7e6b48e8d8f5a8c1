import type { RE2JS } from 're2js';
import { DataMaskingInvalidOptionsError, DataMaskingMissingDependencyError } from '../errors';
import { loadRe2 } from './re2-loader';
import { type Search, codePointWidth, searchFor } from './regex-window';

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
    compiled = Engine.compile(Engine.translateRegExp(withJavaScriptClasses(source, flags.includes('s'), true)), re2Flags(Engine, flags));
  } catch (cause) {
    throw invalid(
      where,
      'the regular expression cannot run in linear time (backreferences, lookahead and lookbehind are not supported; rewrite it without them)',
      cause,
    );
  }
  // Searches that need only the bounds of each match run on the pattern with its groups made
  // non-capturing: RE2 then simplifies it (`(a|a)*` is `a*`) and copies no group positions.
  const boundsOnly = (): RE2JS => {
    if (compiled.re2().numberOfCapturingGroups() === 0) return compiled;
    try {
      return Engine.compile(Engine.translateRegExp(withJavaScriptClasses(source, flags.includes('s'), false)), re2Flags(Engine, flags));
    } catch {
      return compiled;
    }
  };
  const replace = replacer(compiled, boundsOnly);
  return {
    // The DFA test is much cheaper than a search for bounds: most values do not match at all.
    replaceAll: (text, format) => (compiled.test(text) ? replace(text, format) : text),
    test: (text) => compiled.test(text),
  };
};

/** What {@link readRegexLiteral} needs of the path parser's cursor (structurally: masks sit below the JSONPath engine). */
export interface LiteralCursor {
  readonly source: string;
  position: number;
  skipSpaces(): void;
  /** The parser's typed path error (DataMaskingInvalidPathError) at `position`. */
  error(problem: string, position?: number): Error;
}

/**
 * Reads the `/body/flags` literal of a `=~` filter at the cursor and compiles it for RE2 (linear
 * time on any data). `g` and `y` are dropped: a test needs neither. A pattern RE2 cannot run
 * (backreferences, lookaround) is refused here, when the path is parsed, as a path error. With
 * the front end, so that programs without `enableRegex()` carry none of it.
 * @throws the cursor's path error; DataMaskingMissingDependencyError when re2js is not installed.
 */
export const readRegexLiteral = (cursor: LiteralCursor): DataRegex => {
  cursor.skipSpaces();
  const { source } = cursor;
  const start = cursor.position;
  if (source[start] !== '/') throw cursor.error("expected a regular expression literal '/.../'");
  let position = start + 1;
  let body = '';
  let inClass = false;
  while (position < source.length) {
    const char = source[position]!;
    if (char === '\\') {
      body += source.slice(position, position + 2);
      position += 2;
      continue;
    }
    if (char === '/' && !inClass) break;
    if (char === '[') inClass = true;
    if (char === ']') inClass = false;
    body += char;
    position++;
  }
  if (position >= source.length) throw cursor.error('unterminated regular expression', start);
  const flags = /^[a-z]*/.exec(source.slice(position + 1))![0];
  cursor.position = position + 1 + flags.length;
  try {
    return compileSource(body, flags.replace(/[gy]/g, ''), 'filter');
  } catch (error) {
    if (error instanceof DataMaskingMissingDependencyError) throw error;
    throw cursor.error('not a regular expression RE2 runs in linear time (no backreferences or lookaround)', start);
  }
};

const re2Flags = (Engine: typeof RE2JS, flags: string): number =>
  (flags.includes('i') ? Engine.CASE_INSENSITIVE : 0) | (flags.includes('m') ? Engine.MULTILINE : 0) | (flags.includes('s') ? Engine.DOTALL : 0);

/** What JavaScript's `.` does not match without the `s` flag (RE2's `.` only leaves out `\n`). */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/**
 * JavaScript's meaning of `\s`, `\S` (RE2's are ASCII only) and, without the `s` flag, `.`
 * spelled out for RE2; with `capturing` false, every group made non-capturing (`(?:`), which
 * changes no match bounds. Hand-written (a short scan that tracks escapes and classes): neither
 * RE2 nor re2js's translator rewrites them.
 */
const withJavaScriptClasses = (source: string, dotAll: boolean, capturing: boolean): string => {
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
    if (char === '(' && !inClass && !capturing) {
      const name = capturingGroupName(source, index);
      if (name !== undefined) {
        result += '(?:';
        index += name;
        continue;
      }
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

/**
 * At a `(` outside a class: undefined when it opens no capturing group (`(?:`, a look-around,
 * a flag group), else how many characters after it name the group (0 for `(`, the length of
 * `?<name>` for a named group).
 */
const capturingGroupName = (source: string, index: number): number | undefined => {
  if (source[index + 1] !== '?') return 0;
  if (source[index + 2] !== '<' || source[index + 3] === '=' || source[index + 3] === '!') return undefined;
  const close = source.indexOf('>', index + 3);
  return close < 0 ? undefined : close - index;
};

/** Raised by the pre-pass for syntax RE2 cannot run; reported like RE2's own refusals. */
class UnsupportedSyntax extends Error {}

const invalid = (where: string, problem: string, cause?: unknown): DataMaskingInvalidOptionsError =>
  new DataMaskingInvalidOptionsError(`Invalid regular expression (${where}): ${problem}`, { cause });

/**
 * One piece of a compiled replacement: literal text, or what a `$` reference stands for: a group
 * by index (0: the whole match), or {@link BEFORE} / {@link AFTER} the match.
 */
type Piece = string | { readonly group: number };

/** `` $` ``: the text before the match. */
const BEFORE = -1;
/** `$'`: the text after the match. */
const AFTER = -2;

/** A replacement string compiled once per rule: its pieces and how many groups a match must report. */
interface Template {
  readonly pieces: readonly Piece[];
  /** Groups each search asks for, the whole match included (1 when the pieces use no group). */
  readonly groups: number;
  /** The replacement when it holds no reference: the same text for every match. */
  readonly constant: string | undefined;
}

const DOLLAR = 36;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Compiles `format` by the rules of `String.prototype.replace` (ECMAScript GetSubstitution), as
 * re2js's `Matcher` expands it: `$$`, `$&`, `` $` ``, `$'`, `$n` / `$nn` (two digits only when
 * they name a group), `$<name>` (only when the pattern has named groups; an unknown name is
 * empty); anything else stays as written. Hand-written: re2js expands the replacement anew for
 * every match and searches a second time for the groups; this reads it once.
 */
const compileTemplate = (format: string, groupCount: number, namedGroups: Readonly<Record<string, number>>): Template => {
  const pieces: Piece[] = [];
  const hasNamed = Object.keys(namedGroups).length > 0;
  let literal = '';
  let groups = 1;
  const reference = (piece: Piece): void => {
    if (literal !== '') pieces.push(literal);
    literal = '';
    pieces.push(piece);
    if (typeof piece === 'object') groups = Math.max(groups, piece.group + 1);
  };
  let index = 0;
  while (index < format.length) {
    const dollar = format.indexOf('$', index);
    if (dollar < 0) break;
    literal += format.slice(index, dollar);
    const next = format.charCodeAt(dollar + 1);
    index = dollar + 2;
    if (next === DOLLAR) literal += '$';
    else if (next === 38 /* & */) reference({ group: 0 });
    else if (next === 96 /* ` */) reference({ group: BEFORE });
    else if (next === 39 /* ' */) reference({ group: AFTER });
    else if (isDigit(next)) {
      let group = next - 48;
      let digits = 1;
      const second = format.charCodeAt(dollar + 2);
      if (isDigit(second) && group * 10 + second - 48 <= groupCount) {
        group = group * 10 + second - 48;
        digits = 2;
      }
      index = dollar + 1 + digits;
      if (group >= 1 && group <= groupCount) reference({ group });
      else literal += format.slice(dollar, index);
    } else if (next === 60 /* < */ && hasNamed) {
      const close = format.indexOf('>', dollar + 2);
      if (close < 0) literal += '$<';
      else {
        const name = format.slice(dollar + 2, close);
        if (Object.hasOwn(namedGroups, name)) reference({ group: namedGroups[name]! });
        index = close + 1;
      }
    } else {
      literal += '$';
      index = dollar + 1;
    }
  }
  literal += format.slice(index);
  if (literal !== '') pieces.push(literal);
  const constant = pieces.every((piece) => typeof piece === 'string') ? pieces.join('') : undefined;
  return { pieces, groups, constant };
};

/**
 * Matches whose output pieces are concatenated into one chunk before it joins the output. A chunk
 * is flattened (reading a character does it) when it joins: its small strings then die young,
 * instead of surviving, and being copied by every minor collection, as one rope of 400,000 pieces
 * (a third less time on the 1 MB card value).
 */
const CHUNK_PIECES = 256;

/**
 * `replaceAll` for one compiled pattern: every match of `compiled` in a text replaced by
 * `format`, exactly as re2js's `Matcher.replaceAll` (the same engine, the same empty-match
 * steps), but with one search per match asking only for the groups `format` uses (the match
 * bounds alone, on `boundsOnly`'s group-free program, when it uses none), and the output
 * concatenated in chunks (see {@link CHUNK_PIECES}; joining an array of 400,000 pieces took ten
 * times longer). The templates and searches are kept per format and group count (a rule has one).
 */
const replacer = (compiled: RE2JS, boundsOnly: () => RE2JS): ((text: string, format: string) => string) => {
  const re2 = compiled.re2();
  const templates = new Map<string, Template>();
  const searches = new Map<number, Search>();
  const searchWith = (groups: number): Search => {
    let search = searches.get(groups);
    if (search === undefined) {
      search = searchFor(groups === 1 ? boundsOnly().re2() : re2, groups);
      searches.set(groups, search);
    }
    return search;
  };
  return (text, format) => {
    let template = templates.get(format);
    if (template === undefined) {
      template = compileTemplate(format, re2.numberOfCapturingGroups(), re2.namedGroups);
      if (templates.size < 16) templates.set(format, template);
    }
    const { pieces, groups, constant } = template;
    const search = searchWith(groups);
    const end = text.length;
    let output = '';
    let chunk = '';
    let pieceCount = 0;
    let copied = 0;
    let position = 0;
    while (position <= end) {
      const bounds = search(text, position);
      if (bounds === undefined) break;
      const start = bounds[0]!;
      const stop = bounds[1]!;
      if (copied < start) chunk += text.slice(copied, start);
      if (constant !== undefined) chunk += constant;
      else {
        for (let index = 0; index < pieces.length; index++) {
          const piece = pieces[index]!;
          if (typeof piece === 'string') chunk += piece;
          else if (piece.group === BEFORE) chunk += text.slice(0, start);
          else if (piece.group === AFTER) chunk += text.slice(stop);
          else {
            const from = bounds[2 * piece.group]!;
            const to = bounds[2 * piece.group + 1]!;
            if (from >= 0 && to >= 0) chunk += text.slice(from, to);
          }
        }
      }
      if (++pieceCount === CHUNK_PIECES) {
        chunk.charCodeAt(0);
        output += chunk;
        chunk = '';
        pieceCount = 0;
      }
      copied = stop;
      // After an empty match, the next search starts one code point further (as re2js's Matcher).
      position = stop !== start ? stop : stop + codePointWidth(text, stop);
    }
    if (copied === 0 && position === 0) return text;
    return output + chunk + text.slice(copied);
  };
};
