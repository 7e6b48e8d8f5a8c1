import { DataMaskingInvalidOptionsError } from '../errors';

type Interpreter = typeof import('./interpreter');
type Unmask = typeof import('./unmask');

let support: { interpreter: Interpreter; unmask: Unmask } | undefined;

/**
 * ES module build (for bundlers): a bundler keeps whatever a module imports, so `DataMasking`
 * cannot import the DTO interpreter without putting it into every erase-only bundle. The
 * decorators hand it over instead (`@Erase` / `@Encrypt` when they decorate a class, and
 * `@MaskHandler`, `maskResult`, the Middy and NestJS integrations when they are set up), so it
 * is bundled exactly when the program uses them.
 * @internal
 */
export const provideDtoSupport = (modules: { interpreter: Interpreter; unmask: Unmask }): void => {
  support ??= modules;
};

const required = (): NonNullable<typeof support> => {
  if (support === undefined) {
    throw new DataMaskingInvalidOptionsError('mask, maskSync and unmask need classes decorated with @Erase or @Encrypt');
  }
  return support;
};

/** @internal */
export const loadInterpreter = (): Interpreter => required().interpreter;

/** @internal */
export const loadUnmask = (): Unmask => required().unmask;
