/**
 * The `@Erase` property mask's fast paths proven equal to the general mask:
 *
 * - `dynamicMaskLoop` (the dynamic mask as a loop, for decorators) gives what the regular
 *   expression of `dynamicMask` gives, on any string: surrogate pairs, lone surrogates (high or
 *   low, at the end or not), the kept characters `- _ . space`;
 * - `compileFieldMask(rule)` (a string straight to the rule's text mask, a custom mask's whole value
 *   for a string at least twice its length) gives what the leaf walk
 *   `toValueMask(compileMaskingRule(rule))` gives, for every kind of rule and any JSON value, and
 *   throws the same error for an invalid rule;
 * - through `maskSync`, an `@Erase` DTO gives what `erase` gives for its plain twin.
 */
import fc from 'fast-check';
import { DataMasking, Erase, enableRegex } from '../../src';
import { compileMaskingRule, toValueMask } from '../../src/masks/compile-rule';
import { dynamicMaskLoop } from '../../src/masks/dynamic-mask-loop';
import { compileFieldMask } from '../../src/masks/field-mask';
import { dynamicMask } from '../../src/masks/leaf-masks';
import type { MaskingRule } from '../../src/types';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Code units where the mask's choices lie: kept characters, ASCII, astral pairs, lone surrogates. */
const unit = fc.oneof(
  fc.constantFrom('-', '_', '.', ' ', 'a', 'Z', '0', '@', '\t', '\n'),
  fc.constantFrom('😀', '𝒳', 'é', '中'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
);
const text = fc.array(unit, { maxLength: 24 }).map((units) => units.join(''));

const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer({ min: -1000, max: 1000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'constructor', '__proto__'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Rules as users write them, and (typed loosely) the combinations the types forbid but JavaScript callers send. */
const rule = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  fc.record({ dynamicMask: fc.boolean() }),
  fc.record({ customMask: text }),
  fc.record({ customMask: text, dynamicMask: fc.boolean() }),
  fc.record({ regexPattern: fc.constantFrom('[a-z]', '(.)(.*)@', '\\d+'), maskFormat: fc.constantFrom('*', '$1***@', '') }),
) as fc.Arbitrary<MaskingRule | undefined>;

beforeAll(() => enableRegex());

describe('dynamicMaskLoop', () => {
  it('equals the regular expression dynamic mask on any string', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(dynamicMaskLoop(value)).toBe(dynamicMask(value));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('counts a pair as one code point and a lone surrogate as one', () => {
    expect(dynamicMaskLoop('a😀-\ud800 \udc00.b\ud83d')).toBe('**-* *.**');
    expect(dynamicMaskLoop('')).toBe('');
  });
});

describe('compileFieldMask', () => {
  it('gives what the leaf walk of the same rule gives, for any value', () => {
    fc.assert(
      fc.property(rule, json, (chosen, value) => {
        const general = toValueMask(compileMaskingRule(chosen, 'rule', 'options'));
        expect(compileFieldMask(chosen, 'rule')(value)).toEqual(general(value));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('cuts a custom mask by code points on both sides of twice its length', () => {
    const mask = compileFieldMask({ customMask: 'X😀YZ' }, 'rule');
    expect(mask('😀😀😀')).toBe('X😀Y'); // 6 units, 3 code points
    expect(mask('abcdefg')).toBe('X😀YZ'); // 7 units, 7 code points
    expect(mask('😀😀😀😀')).toBe('X😀YZ'); // 8 units (twice the mask's code points), 4 code points
    expect(mask('')).toBe('');
    expect(mask(12)).toBe('X😀');
  });

  it('refuses an invalid rule as the general compiler does', () => {
    for (const invalid of [{ dynamicMask: 'yes' }, { customMask: 3 }, { regexPattern: 'a' }, 'x'] as unknown as MaskingRule[]) {
      expect(() => compileFieldMask(invalid, 'rule')).toThrow(expect.objectContaining({ name: 'DataMaskingInvalidOptionsError' }) as Error);
      let general: unknown;
      try {
        compileMaskingRule(invalid, 'rule', 'options');
      } catch (error) {
        general = error;
      }
      expect(() => compileFieldMask(invalid, 'rule')).toThrow((general as Error).message);
    }
  });
});

describe('@Erase through maskSync', () => {
  it('masks a property as erase masks the same field of its plain twin', () => {
    const masker = new DataMasking();
    fc.assert(
      fc.property(rule, json, (chosen, value) => {
        class Holder {
          @Erase(chosen) secret: unknown;
          kept = 'k';
        }
        const dto = Object.assign(new Holder(), { secret: value });
        const plain = { secret: value, kept: 'k' };
        const expected = masker.erase(plain, { fields: ['secret'], ...(chosen ?? {}) });
        expect(masker.maskSync(dto)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
