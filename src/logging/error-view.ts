/**
 * An Error as JSON data: name, message, stack, cause and its own enumerable members (where a
 * library keeps a status code or a request id). For loggers that have no shape of their own.
 */
export const plainErrorView = (error: Error): Record<string, unknown> => {
  const view: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  for (const key of Object.keys(error)) view[key] = (error as unknown as Record<string, unknown>)[key];
  if (error.cause !== undefined) view.cause = error.cause; // JSON.stringify turns a cause Error into a view too
  return view;
};
