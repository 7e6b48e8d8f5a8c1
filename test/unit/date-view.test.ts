import fc from 'fast-check';
import { DataMasking, DataMaskingUnsupportedTypeError } from '../../src';
import { dateJson, isBuiltInDate } from '../../src/json/date-view';

/** What JSON.stringify writes for a value inside a record, read back. */
const jsonOf = (value: unknown): unknown => (JSON.parse(JSON.stringify({ value })) as { value?: unknown }).value;

const masker = new DataMasking();
/** The view erase gives a Date it copies (the `x` field is what is erased). */
const erasedView = (date: unknown): unknown => (masker.erase({ when: date, x: 1 }, { fields: ['x'] }) as { when?: unknown }).when;

const MAX_TIME = 8.64e15;

describe('the JSON view of a Date (fast path, same answer as JSON.stringify)', () => {
  it('equals toISOString for every time value a Date can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_TIME, max: MAX_TIME }), (time) => {
        const date = new Date(time);
        expect(dateJson(date)).toBe(date.toISOString());
      }),
      { numRuns: 20000 },
    );
  });

  it('is exact at the edges: year 0, year 9999, year 10000, before year 0, the epoch, leap days', () => {
    const edges = [
      '0000-01-01T00:00:00.000Z',
      '0000-02-29T12:00:00.000Z',
      '0999-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2000-02-29T00:00:00.001Z',
      '2100-03-01T00:00:00.010Z',
      '9999-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00.000Z',
      '-000001-12-31T23:59:59.999Z',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
    ];
    for (const text of edges) {
      const date = new Date(text);
      expect(dateJson(date)).toBe(text);
      expect(erasedView(date)).toBe(text);
    }
  });

  it('an invalid Date is null, as JSON.stringify writes it', () => {
    expect(dateJson(new Date(Number.NaN))).toBeNull();
    expect(erasedView(new Date('not a date'))).toBeNull();
    expect(jsonOf(new Date('not a date'))).toBeNull();
  });

  it('a Date with its own toJSON, or a subclass, takes the generic path (its toJSON decides)', () => {
    const own = Object.assign(new Date(0), { toJSON: () => 'own view' });
    expect(isBuiltInDate(own, Object.getPrototypeOf(own))).toBe(false);
    expect(erasedView(own)).toBe('own view');
    class Stamp extends Date {
      override toJSON(): string {
        return 'stamp';
      }
    }
    expect(erasedView(new Stamp(0))).toBe(jsonOf(new Stamp(0)));
    const shadowed = Object.assign(new Date(0), { toISOString: () => 'shadowed' });
    expect(erasedView(shadowed)).toBe('shadowed');
    expect(erasedView(shadowed)).toBe(jsonOf(shadowed));
  });

  const replacements: [string, () => unknown][] = [
    ['toJSON', () => 'patched toJSON'],
    ['toISOString', () => 'patched toISOString'],
    ['valueOf', () => Number.NaN],
  ];
  it.each(replacements)('Date.prototype.%s replaced after loading: the view follows JSON.stringify', (name, replacement) => {
    const original = Object.getOwnPropertyDescriptor(Date.prototype, name)!;
    Object.defineProperty(Date.prototype, name, { ...original, value: replacement });
    try {
      const date = new Date(0);
      expect(isBuiltInDate(date, Date.prototype)).toBe(false);
      expect(erasedView(date)).toBe(jsonOf(date));
      expect(masker.maskSync({ date })).toEqual({ date: jsonOf(date) });
    } finally {
      Object.defineProperty(Date.prototype, name, original);
    }
    expect(erasedView(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  it('Date.prototype[Symbol.toPrimitive] replaced: the view follows JSON.stringify', () => {
    const original = Object.getOwnPropertyDescriptor(Date.prototype, Symbol.toPrimitive)!;
    Object.defineProperty(Date.prototype, Symbol.toPrimitive, { ...original, value: () => Number.POSITIVE_INFINITY });
    try {
      const date = new Date(0);
      expect(jsonOf(date)).toBeNull();
      expect(erasedView(date)).toBeNull();
    } finally {
      Object.defineProperty(Date.prototype, Symbol.toPrimitive, original);
    }
  });

  it('replaced before the library loaded: the fast path stays off', () => {
    const original = Object.getOwnPropertyDescriptor(Date.prototype, 'toISOString')!;
    Object.defineProperty(Date.prototype, 'toISOString', { ...original, value: () => 'patched early' });
    try {
      jest.isolateModules(() => {
        const fresh = require('../../src/json/date-view') as typeof import('../../src/json/date-view');
        expect(fresh.isBuiltInDate(new Date(0), Date.prototype)).toBe(false);
      });
    } finally {
      Object.defineProperty(Date.prototype, 'toISOString', original);
    }
  });

  it('an object that only pretends to be a Date is a typed error whose cause is the TypeError, as before', () => {
    const fake = Object.create(Date.prototype) as Date;
    expect(() => JSON.stringify(fake)).toThrow(TypeError);
    let caught: unknown;
    try {
      masker.erase({ when: fake, x: 1 }, { fields: ['x'] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect((caught as Error).cause).toBeInstanceOf(TypeError);
  });

  it('the input Date is not touched', () => {
    const date = new Date('2024-01-02T03:04:05.006Z');
    const input = { when: date, x: 1 };
    masker.erase(input, { fields: ['x'] });
    expect(input.when).toBe(date);
    expect(date.getTime()).toBe(Date.parse('2024-01-02T03:04:05.006Z'));
    expect(Object.getOwnPropertyNames(date)).toEqual([]);
  });
});
