/**
 * How a log record that the engine refused (it holds an Error, a bigint, a cycle...) is turned
 * into the JSON the logger would have written anyway, so it can be masked and still go out.
 */

/** Turns an Error into the object the logger writes for it (each logger has its own shape). */
export type ErrorView = (error: Error) => unknown;

/**
 * The record as plain JSON data, the way a logger's serializer sees it: Errors through
 * `errorView`, bigints as strings, circular references dropped, and whatever JSON ignores
 * (functions, symbols, undefined) gone. `JSON.stringify` does the walk (it is what the loggers
 * themselves call); a throwing getter or `toJSON` makes this throw, and the caller erases.
 */
export const toLogJson = (record: unknown, errorView: ErrorView): unknown => {
  const ancestors: unknown[] = [];
  const text = JSON.stringify(record, function replace(this: unknown, _key: string, value: unknown): unknown {
    const replaced = value instanceof Error ? errorView(value) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      // The ancestors of `value` are the chain ending at its holder (`this`).
      while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  });
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
};
