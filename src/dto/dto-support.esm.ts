import * as interpreter from './interpreter';
import { provideDtoSupport } from './lazy';
import * as unmask from './unmask';

/**
 * ES module build: the modules that use DTOs import this one, which brings the interpreter into
 * the bundle and hands it to `DataMasking` (see `lazy.esm.ts`).
 * @internal
 */
export const enableDtoSupport = (): void => provideDtoSupport({ interpreter, unmask });
