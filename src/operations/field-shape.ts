import type { Segment, Selector } from '../jsonpath/ast';
import type { CompiledPath } from '../jsonpath/compile';
import type { Location } from '../jsonpath/location';
import { arrayIndexOf } from '../jsonpath/read-own';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A member name the developer's path spelled out: `.name`, or `["odd name"]` (never `.*`). */
const spelled = (key: string): string => (IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/** The step written for a member whose name came from the data (a wildcard, a filter, a `..` step). */
const ABSTRACT_MEMBER = '.*';
/** Array indexes are always abstracted: every element of a list shares one shape. */
const ABSTRACT_ELEMENT = '[*]';

/** The selector names `key` in the path's own text (`.email`, `['email']`, `[3]` on an object). */
const spells = (selector: Selector, key: string | number): boolean => {
  if (typeof key !== 'string') return false;
  if (selector.kind === 'name') return selector.name === key;
  return selector.kind === 'index' && selector.index >= 0 && String(selector.index) === key;
};

/**
 * Whether the selector could have chosen `key`, judged from the key alone. Filters, negative
 * indexes and slices depend on the data, so they are assumed to match: the shape must be a
 * function of the path's text and the location's keys only, never of values.
 */
const couldSelect = (selector: Selector, key: string | number): boolean => {
  switch (selector.kind) {
    case 'name':
      return typeof key === 'number' ? arrayIndexOf(selector.name) === key : key === selector.name;
    case 'index':
      return typeof key === 'number' || spells(selector, key);
    case 'slice':
      return typeof key === 'number';
    case 'wildcard':
    case 'filter':
      return true;
  }
};

/**
 * The location shape a field ciphertext binds in its encryption context (anti-swap), with every
 * step that came from the data abstracted: `$.users.*.email` for `users['ann@example.com'].email`
 * selected by `$.users.*.email`. A member name is kept only where the path spelled it out at
 * that step; members reached by `*`, `..` or a filter become `.*`, array indexes `[*]`. So no
 * string from the data ever enters the context, which travels in clear (message header, KMS
 * request, CloudTrail), and all members of one map share one context (and one cached data key).
 *
 * Encrypt and decrypt compute it from the same path and the same location, so the same `fields`
 * list gives the same shape. The alignment of keys to steps is the leftmost one (a `..` step
 * consumes as few keys as it can), which is deterministic.
 */
export const fieldShape = (path: CompiledPath, location: Location): string => {
  const { segments } = path.parsed;
  const steps = align(segments, location);
  let shape = '$';
  location.forEach((key, index) => {
    if (typeof key === 'number') shape += ABSTRACT_ELEMENT;
    else shape += steps?.[index] === true ? spelled(key) : ABSTRACT_MEMBER;
  });
  return shape;
};

/**
 * For each key of `location`, whether it was matched by a selector that spells it, following
 * the leftmost alignment of keys to segments; undefined when the path cannot produce this
 * location (then every member is abstracted: fail closed).
 */
const align = (segments: readonly Segment[], location: Location): boolean[] | undefined => {
  const m = location.length;
  const n = segments.length;
  // reachable[i * (n + 1) + j]: keys i.. can be consumed by segments j.. (each segment takes one
  // key, a `..` segment any number of keys before its own).
  const reachable = new Uint8Array((m + 1) * (n + 1));
  const at = (i: number, j: number): number => i * (n + 1) + j;
  reachable[at(m, n)] = 1;
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      const segment = segments[j]!;
      const key = location[i]!;
      const selected = reachable[at(i + 1, j + 1)] === 1 && segment.selectors.some((selector) => couldSelect(selector, key));
      reachable[at(i, j)] = selected || (segment.descendant && reachable[at(i + 1, j)] === 1) ? 1 : 0;
    }
  }
  if (reachable[at(0, 0)] !== 1) return undefined;
  const kept: boolean[] = [];
  let j = 0;
  for (let i = 0; i < m; i++) {
    const segment = segments[j]!;
    const key = location[i]!;
    if (reachable[at(i + 1, j + 1)] === 1 && segment.selectors.some((selector) => couldSelect(selector, key))) {
      kept.push(segment.selectors.some((selector) => spells(selector, key)));
      j++;
    } else {
      kept.push(false); // a key a `..` step passed through: the data chose it
    }
  }
  return kept;
};

/**
 * The shape of an `@Encrypt` property's location, relative to the outermost DTO (`from`): names
 * of DTO properties are declared by the class, so they are kept; the keys of a plain object
 * (a map keyed by ids or e-mails, at the indexes `dataKeys`) came from the data: `.*`.
 */
export const declaredShape = (location: Location, from: number, dataKeys: readonly number[]): string => {
  let shape = '$';
  for (let index = from; index < location.length; index++) {
    const key = location[index]!;
    shape += typeof key === 'number' ? ABSTRACT_ELEMENT : dataKeys.includes(index) ? ABSTRACT_MEMBER : spelled(key);
  }
  return shape;
};
