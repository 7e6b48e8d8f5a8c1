import type { Selector, SliceSelector } from './ast';
import type { PathState } from './compile';
import { evaluateFilter } from './evaluate-filter';
import { arrayIndexOf } from './read-own';

const NO_STATES: readonly PathState[] = Object.freeze([]);

/**
 * The states a child reaches from its parent's active (non-terminal) states: the next state of
 * every state whose selectors pick this child, plus every `..` state, which stays active below.
 * `key` is a number for array elements and a string for object members.
 */
export const advance = (states: readonly PathState[], key: string | number, child: unknown, container: object, root: unknown): readonly PathState[] => {
  let reached: PathState[] | undefined;
  for (let index = 0; index < states.length; index++) {
    const state = states[index]!;
    // A `..` state stays active below whatever the child is (a scalar simply has nothing below),
    // which keeps the result a function of the key alone, so it can be memoised.
    if (state.descendant) reached = include(reached, state);
    const selectors = state.selectors;
    for (let selectorIndex = 0; selectorIndex < selectors.length; selectorIndex++) {
      if (selects(selectors[selectorIndex]!, key, child, container, root)) {
        reached = include(reached, state.next!);
        break;
      }
    }
  }
  return reached ?? NO_STATES;
};

const include = (states: PathState[] | undefined, state: PathState): PathState[] => {
  if (states === undefined) return [state];
  if (!states.includes(state)) states.push(state);
  return states;
};

const selects = (selector: Selector, key: string | number, child: unknown, container: object, root: unknown): boolean => {
  switch (selector.kind) {
    case 'name':
      return typeof key === 'number' ? arrayIndexOf(selector.name) === key : key === selector.name;
    case 'wildcard':
      return true;
    case 'index':
      if (typeof key === 'string') return selector.index >= 0 && key === String(selector.index);
      return (selector.index < 0 ? (container as unknown[]).length + selector.index : selector.index) === key;
    case 'slice':
      return typeof key === 'number' && inSlice(key, (container as unknown[]).length, selector);
    case 'filter':
      return evaluateFilter(selector.expression, child, root);
  }
};

/** RFC 9535 slice membership (negative bounds count from the end; a negative step walks backwards). */
export const inSlice = (index: number, length: number, { start, end, step }: SliceSelector): boolean => {
  const normalize = (bound: number): number => (bound >= 0 ? bound : length + bound);
  if (step > 0) {
    const lower = Math.min(Math.max(normalize(start ?? 0), 0), length);
    const upper = Math.min(Math.max(normalize(end ?? length), 0), length);
    return index >= lower && index < upper && (index - lower) % step === 0;
  }
  const upper = Math.min(Math.max(normalize(start ?? length - 1), -1), length - 1);
  const lower = Math.min(Math.max(end === undefined ? -1 : normalize(end), -1), length - 1);
  return index <= upper && index > lower && (upper - index) % -step === 0;
};
