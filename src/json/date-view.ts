/**
 * The JSON view of a Date (what `JSON.stringify` writes for it) without going through
 * `Date.prototype.toJSON`, which costs about four times the formatting itself in V8 (a generic
 * `ToPrimitive`, then a property lookup and call of `toISOString`): a handler result holding one
 * Date spent about a third of its masking time there.
 */

const DATE_PROTOTYPE = Date.prototype;
const intrinsicToJSON = DATE_PROTOTYPE.toJSON;
const intrinsicToISOString = DATE_PROTOTYPE.toISOString;
const intrinsicValueOf = DATE_PROTOTYPE.valueOf;
const intrinsicToPrimitive = DATE_PROTOTYPE[Symbol.toPrimitive];
const getTime = DATE_PROTOTYPE.getTime;

/** Whether what was captured above are V8's own functions (no one replaced them before this module loaded). */
const BUILT_INS_AT_LOAD = [intrinsicToJSON, intrinsicToISOString, intrinsicValueOf, intrinsicToPrimitive, getTime].every(
  (method) => typeof method === 'function' && /\{\s*\[native code\]\s*\}$/u.test(Function.prototype.toString.call(method)),
);

/** Past this (year 10000) and before year 0, `toISOString` writes six-digit signed years: left to it. */
const FOUR_DIGIT_YEARS_END = 253402300800000;
const FOUR_DIGIT_YEARS_START = -62167219200000;

/**
 * Whether `value` is a Date whose JSON view is the built-in one: its prototype is `Date.prototype`
 * and `toJSON`, `toISOString`, `valueOf` and `Symbol.toPrimitive` (what `toJSON` reaches) are the
 * built-ins, neither replaced on the prototype nor shadowed by own members. Anything else takes
 * the generic `toJSON()` path, so the view is always what `JSON.stringify` would write (also when
 * they were replaced before this module loaded).
 */
export const isBuiltInDate = (value: object, prototype: unknown): value is Date =>
  prototype === DATE_PROTOTYPE &&
  BUILT_INS_AT_LOAD &&
  (value as Date).toJSON === intrinsicToJSON &&
  (value as Date).toISOString === intrinsicToISOString &&
  (value as Date).valueOf === intrinsicValueOf &&
  (value as Date)[Symbol.toPrimitive] === intrinsicToPrimitive;

/**
 * `date.toJSON()` for a {@link isBuiltInDate} Date: `null` for an invalid date, else its ISO 8601
 * form. Written by hand (no library formats faster than the built-in) from the time value alone,
 * with Howard Hinnant's `civil_from_days` for the calendar date, for years 0 to 9999; other
 * years go to the built-in `toISOString`. A property test compares it with `toISOString` across
 * the whole range of dates.
 */
export const dateJson = (date: Date): string | null => {
  const time = getTime.call(date);
  if (Number.isNaN(time)) return null;
  if (time < FOUR_DIGIT_YEARS_START || time >= FOUR_DIGIT_YEARS_END) return intrinsicToISOString.call(date);
  const days = Math.floor(time / DAY);
  let rest = time - days * DAY;
  // Days since 0000-03-01, in 400-year eras of 146097 days (years start in March: leap days come last).
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600000);
  rest -= hour * 3600000;
  const minute = Math.floor(rest / 60000);
  rest -= minute * 60000;
  const second = Math.floor(rest / 1000);
  const millisecond = rest - second * 1000;
  return (
    (year < 1000 ? String(year).padStart(4, '0') : `${year}`) +
    `-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.` +
    (millisecond < 10 ? `00${millisecond}` : millisecond < 100 ? `0${millisecond}` : `${millisecond}`) +
    'Z'
  );
};

const DAY = 86400000;

const two = (value: number): string => (value < 10 ? `0${value}` : `${value}`);
