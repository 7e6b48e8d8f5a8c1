/**
 * Makes the DTO interpreter available to `DataMasking.mask` / `maskSync` / `unmask`. In this
 * (CommonJS) build they load it themselves on first use, so there is nothing to do; the ES module
 * build for bundlers uses `dto-support.esm.ts`.
 * @internal
 */
export const enableDtoSupport = (): void => {};
