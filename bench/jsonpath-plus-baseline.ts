import { JSONPath } from 'jsonpath-plus';

/**
 * The jsonpath-plus baseline: a structuredClone (so the input is kept, as our erase keeps it),
 * then each path's matches replaced through a callback.
 */
export const jsonPathPlusErase = (data: unknown, paths: readonly string[], mask = '*****'): unknown => {
  const copy = structuredClone(data) as object;
  for (const path of paths) {
    JSONPath({
      path,
      json: copy,
      resultType: 'all',
      callback: (found: { parent: Record<string, unknown>; parentProperty: string }) => {
        found.parent[found.parentProperty] = mask;
      },
    });
  }
  return copy;
};
