/**
 * Error excerpts (`excerptForMessage`): whatever the text, one line, bounded, and the cut never
 * leaves a piece of an escape or half a surrogate pair behind.
 */
import fc from 'fast-check';
import { excerptForMessage } from '../../src/errors-format';

// No literal backslash: then every backslash in an excerpt starts an escape, and a cut one shows.
const tricky = fc.constantFrom('a', 'u', '0', 'f', '\n', '\r', '\t', '\u0001', '\u007f', '\u2028', '\ufeff', '\ud83d', '\ude00', '😀');
const texts = fc.array(tricky, { maxLength: 60 }).map((chars) => chars.join(''));
const NOTE = /\.\.\. \(\d+ characters in all\)$/;

describe('excerptForMessage', () => {
  it('is one line, at most max characters before its note, and never ends inside an escape or a surrogate pair', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 30 }), (text, max) => {
        const excerpt = excerptForMessage(text, max);
        expect(excerpt).not.toMatch(/[\n\r\u2028\u2029]/);
        const shown = excerpt.replace(NOTE, '');
        expect(shown.length).toBeLessThanOrEqual(max);
        if (shown !== excerpt) {
          // A cut: no dangling backslash or `\u` with fewer than four hex digits, no lone high surrogate.
          expect(shown).not.toMatch(/\\(?:u[0-9a-f]{0,3})?$/);
          expect(shown).not.toMatch(/[\ud800-\udbff]$/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a short text whole and notes the length of a long one', () => {
    expect(excerptForMessage('a.b')).toBe('a.b');
    expect(excerptForMessage('x'.repeat(500), 10)).toBe(`${'x'.repeat(10)}... (500 characters in all)`);
    expect(excerptForMessage('ab\ncd', 3)).toBe('ab... (5 characters in all)');
  });
});
