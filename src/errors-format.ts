/**
 * Formats text that comes from the caller or from data (a path, a location, a key name, a
 * header field) for an error message or a warning: escaped and bounded, so a message is always
 * one short line whatever the input holds. Never pass payload values: only names and paths.
 * @module
 */

/** Longest excerpt of one input a message carries, in UTF-16 units (before escaping). */
export const MAX_MESSAGE_EXCERPT = 200;

/** Control characters, line and paragraph separators, lone surrogates and the BOM are escaped. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escapeChar = (char: string): string => {
  switch (char) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
};

/**
 * `text` with control characters, line breaks and lone surrogates escaped (`\n`, `\u0000`), at
 * most `max` characters long once escaped, with a note of how much was left out. The cut never
 * splits an escape or a surrogate pair.
 */
export const excerptForMessage = (text: string, max: number = MAX_MESSAGE_EXCERPT): string => {
  // Escaping at most `max` input characters is enough: escapes only make the text longer.
  const escaped = text.slice(0, max).replace(UNSAFE, escapeChar);
  if (escaped.length <= max && text.length <= max) return escaped;
  // Cut at `max`, then drop a piece of an escape (`\`, `\u00`) or a lone high surrogate left at the end.
  const shown = escaped.slice(0, max).replace(CUT_PIECE, '');
  return `${shown}... (${text.length} characters in all)`;
};

const CUT_PIECE = /\\(?:u[0-9a-f]{0,3})?$|[\ud800-\udbff]$/;

/** {@link excerptForMessage} in single quotes: `'a.b'`. */
export const quoteForMessage = (text: string, max: number = MAX_MESSAGE_EXCERPT): string => `'${excerptForMessage(text, max)}'`;
