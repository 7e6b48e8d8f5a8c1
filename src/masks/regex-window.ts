import type { RE2JS } from 're2js';
import { loadRe2 } from './re2-loader';

type Re2 = ReturnType<RE2JS['re2']>;

/** re2js's instruction codes (`Inst` in its build) and empty-width flags (`Utils.EMPTY_*`): the parts of its program read here. */
const ALT = 1;
const ALT_MATCH = 2;
const CAPTURE = 3;
const EMPTY_WIDTH = 4;
const FAIL = 5;
const MATCH = 6;
const NOP = 7;
const RUNE = 8;
const RUNE_ANY_NOT_NL = 11;
/** `$`, `\z`, multiline `$`, `\b`, `\B`: assertions that read the character after a position, so a cut-off window could change them. */
const READS_AHEAD = 2 /* END_LINE */ | 8 /* END_TEXT */ | 16 /* WORD_BOUNDARY */ | 32; /* NO_WORD_BOUNDARY */

/** re2js keeps the backtracker's visited bits under this many (program size × text length), else it runs its NFA. */
const BACKTRACK_BITS = 262_144;
/** The first window past the search position: small, because matches in masked values are usually close together. */
const FIRST_WINDOW = 32;

interface Instruction {
  readonly op: number;
  readonly out: number;
  readonly arg: number;
}

/**
 * The longest text, in UTF-16 code units, that any match of the program can span, or undefined
 * when it is unbounded (a loop: `*`, `+`, `{n,}`), when the program holds an assertion that reads
 * ahead ({@link READS_AHEAD}), or when the program is not shaped as this reading expects (another
 * re2js version): then the caller searches the whole text, as before. Hand-written: re2js exposes
 * no bound on the length of a match.
 */
export const boundedMatchLength = (re2: Re2): number | undefined => {
  const prog = (re2 as { prog?: { inst?: unknown; start?: unknown } }).prog;
  const instructions = prog?.inst;
  if (!Array.isArray(instructions) || typeof prog?.start !== 'number' || re2.longest) return undefined;
  const longest = new Map<number, number>();
  const visiting = new Set<number>();
  // Longest path through the instruction graph (a DAG unless the pattern loops): every rune
  // counts 2 code units, the most one code point takes.
  const walk = (pc: number): number | undefined => {
    const known = longest.get(pc);
    if (known !== undefined) return known;
    if (visiting.has(pc)) return undefined;
    const instruction = instructions[pc] as Instruction | undefined;
    if (instruction === undefined || typeof instruction.op !== 'number') return undefined;
    visiting.add(pc);
    let length: number | undefined;
    const { op, out, arg } = instruction;
    if (op === MATCH || op === FAIL) length = 0;
    else if (op === ALT || op === ALT_MATCH) {
      const first = walk(out);
      const second = first === undefined ? undefined : walk(arg);
      length = second === undefined ? undefined : Math.max(first!, second);
    } else if (op === CAPTURE || op === NOP) length = walk(out);
    else if (op === EMPTY_WIDTH) length = (arg & READS_AHEAD) === 0 ? walk(out) : undefined;
    else if (op >= RUNE && op <= RUNE_ANY_NOT_NL) {
      const rest = walk(out);
      length = rest === undefined ? undefined : rest + 2;
    }
    visiting.delete(pc);
    if (length !== undefined) longest.set(pc, length);
    return length;
  };
  return walk(prog.start);
};

/** Where a search found a match, as re2js reports it: [start, end, group 1 start, group 1 end, ...]. */
export type Bounds = readonly number[];

/** The leftmost-first match starting at or after `position` in `text`, or undefined. */
export type Search = (text: string, position: number) => Bounds | undefined;

/** Unanchored search (re2js's `RE2Flags.UNANCHORED`). */
const UNANCHORED = 0;

/**
 * The search for one compiled pattern and the number of groups each match must report: over
 * windows ({@link windowedSearch}) when the text is too long for re2js to backtrack it whole and
 * the pattern allows windows; over the whole text otherwise (a literal, which re2js finds with
 * `indexOf`, included).
 */
export const searchFor = (re2: Re2, groups: number): Search => {
  const whole = wholeTextSearch(re2, groups);
  const windowed = re2.prefixComplete || !programsReadable() ? undefined : windowedSearch(re2, groups);
  if (windowed === undefined) return whole;
  const backtracked = backtrackLimit(re2);
  return (text, position) => (text.length <= backtracked ? whole(text, position) : windowed(text, position));
};

let readable: boolean | undefined;

/**
 * Whether this re2js's programs read as {@link boundedMatchLength} expects (its instructions are
 * not public API, and the peer range allows later versions): probed once on known patterns; if
 * not, every search runs over the whole text.
 */
export const programsReadable = (): boolean => {
  if (readable === undefined) {
    const { RE2JS: Engine } = loadRe2();
    const bound = (pattern: string): number | undefined => boundedMatchLength(Engine.compile(pattern).re2());
    readable =
      bound('\\d{4} ') === 10 &&
      bound('a|b(?:c)') === 4 &&
      bound('^x?') === 2 &&
      bound('a*') === undefined &&
      bound('a$') === undefined &&
      bound('(?m)a$') === undefined &&
      bound('\\bx') === undefined &&
      bound('x\\B') === undefined;
  }
  return readable;
};

/** The longest text re2js runs its backtracker on for this program (at most 500 instructions, visited bits under BACKTRACK_BITS). */
const backtrackLimit = (re2: Re2): number => {
  const instructions = re2.numberOfInstructions() as number;
  return instructions <= 500 ? Math.floor(BACKTRACK_BITS / instructions) : 0;
};

/** re2js's own search over the whole text: its NFA for long texts, its backtracker for short ones. */
const wholeTextSearch =
  (re2: Re2, groups: number): Search =>
  (text, position) => {
    const [found, bounds] = re2.matchWithGroup(text, position, text.length, UNANCHORED, groups) as [boolean, number[] | null];
    return found ? bounds! : undefined;
  };

/**
 * For a pattern whose matches span at most `maxLength` code units and that reads nothing after
 * a match ({@link boundedMatchLength}): the same search over a short window after the position,
 * so that re2js runs its backtracker (a few hundred nanoseconds per match) instead of its NFA
 * (whose set-up and per-character thread copying cost about 700 ns for each match of a 4-digit
 * group). Exact: a match starting at s ≤ `to - maxLength` fits inside the window, and with no
 * look-ahead assertion every path of the program reads the same characters inside the window as
 * in the whole text (one character before the position is kept, for `^` under `m`), so the
 * leftmost-first match found there is the one the whole text gives; no match starting by then
 * means none starts in [position, to - maxLength], and the next window starts after it (twice as
 * long, so a long text without matches costs a few windows, not one per character).
 * Hand-written: re2js has no way to bound a search to a window while keeping the text's context,
 * nor to pick its backtracker for a long text.
 */
export const windowedSearch = (re2: Re2, groups: number): Search | undefined => {
  const maxLength = boundedMatchLength(re2);
  // Windows re2js backtracks: the window, the bound and one character of context under its limit.
  const widest = backtrackLimit(re2) - 2 - (maxLength ?? 0);
  if (maxLength === undefined || widest < 4 * FIRST_WINDOW) return undefined;
  return (text, position) => {
    const end = text.length;
    let window = FIRST_WINDOW;
    while (position <= end) {
      const from = position > 0 ? position - 1 : 0;
      const to = Math.min(end, position + window + maxLength);
      const [found, bounds] = re2.matchWithGroup(from === 0 && to === end ? text : text.slice(from, to), position - from, to - from, UNANCHORED, groups) as [
        boolean,
        number[] | null,
      ];
      if (found && (to === end || bounds![0]! + from <= to - maxLength)) {
        // re2js returns a fresh array: shifted in place to the whole text's offsets.
        for (let index = 0; index < bounds!.length; index++) if (bounds![index]! >= 0) bounds![index] = bounds![index]! + from;
        return bounds!;
      }
      if (to === end) return undefined;
      // No match starts in [position, to - maxLength]: go on after it, on a code point boundary.
      position = to - maxLength + 1;
      if (codePointWidth(text, position - 1) === 2) position++;
      window = Math.min(window * 2, widest);
    }
    return undefined;
  };
};

/** 2 where a surrogate pair starts at `index`, else 1: how far one code point reaches. */
export const codePointWidth = (text: string, index: number): number => {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 2;
  }
  return 1;
};
