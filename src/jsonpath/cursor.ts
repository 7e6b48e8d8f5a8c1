import { DataMaskingInvalidPathError } from '../errors';
import { quoteForMessage } from '../errors-format';
import { isForbiddenKey } from '../json/forbidden-keys';

/** A read position in a path expression, with the helpers both parsers share. */
export class Cursor {
  public position = 0;

  public constructor(public readonly source: string) {}

  public get done(): boolean {
    return this.position >= this.source.length;
  }

  public peek(offset = 0): string {
    return this.source.charAt(this.position + offset);
  }

  public startsWith(text: string): boolean {
    return this.source.startsWith(text, this.position);
  }

  public skipSpaces(): void {
    while (!this.done && /\s/.test(this.peek())) this.position++;
  }

  /** Consumes `text` if it comes next (after optional spaces). */
  public accept(text: string): boolean {
    this.skipSpaces();
    if (!this.startsWith(text)) return false;
    this.position += text.length;
    return true;
  }

  public expect(text: string): void {
    if (!this.accept(text)) throw this.error(`expected '${text}'`);
  }

  public error(problem: string, position = this.position): DataMaskingInvalidPathError {
    const found = position < this.source.length ? quoteForMessage(this.source.charAt(position)) : 'the end';
    return new DataMaskingInvalidPathError(
      `Invalid path ${quoteForMessage(this.source)} at position ${position}: ${problem}, found ${found}`,
      this.source,
      position,
    );
  }

  /** Reads a quoted string (`'...'` or `"..."`) with JSON-style escapes. */
  /** `name`, refused when it is `__proto__`, `constructor` or `prototype` (read at `position`). */
  public checkedName(name: string, position: number): string {
    if (isForbiddenKey(name)) throw this.error(`${quoteForMessage(name)} may not be used in a path`, position);
    return name;
  }

  public readQuoted(): string {
    const quote = this.peek();
    const start = this.position;
    this.position++;
    let text = '';
    while (!this.done) {
      const char = this.peek();
      if (char === quote) {
        this.position++;
        return text;
      }
      if (char === '\\') {
        text += this.readEscape();
        continue;
      }
      text += char;
      this.position++;
    }
    throw this.error('unterminated string', start);
  }

  /** Reads an optionally signed integer. */
  public readInteger(): number {
    const match = /^-?\d+/.exec(this.source.slice(this.position));
    if (match === null) throw this.error('expected an integer');
    this.position += match[0].length;
    const value = Number(match[0]);
    if (!Number.isSafeInteger(value)) throw this.error('integer out of range', this.position - match[0].length);
    return value;
  }

  private readEscape(): string {
    const start = this.position;
    const code = this.peek(1);
    this.position += 2;
    const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '/': '/', '\\': '\\', "'": "'", '"': '"' };
    if (code in simple) return simple[code] as string;
    if (code === 'u') {
      const hex = this.source.slice(this.position, this.position + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error('invalid \\u escape', start);
      this.position += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    throw this.error('invalid escape', start);
  }
}
