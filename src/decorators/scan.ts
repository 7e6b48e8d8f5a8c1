/**
 * Whether a value holds a decorated DTO anywhere (filled in by the interpreter work).
 * @internal
 */
export const containsDecorated = (_value: unknown): boolean => false;
