import type { MaskerEncryption } from '../operations/encryption';
import { ownOptions } from '../json/own-options';
import type { MaskOptions } from './interpreter';

const MASK_KEYS = ['context', 'providerOptions'] as const;

/**
 * `mask` / `unmask` options: own members only (a polluted Object.prototype adds no context), over
 * the masker's encryption defaults when it has them. Here rather than in `DataMasking`, so that
 * erase-only programs do not carry it.
 * @internal
 */
export const maskerOptions = (encryption: MaskerEncryption | undefined, options: unknown, where: string): MaskOptions => {
  const own = ownOptions(options, MASK_KEYS, 'options') as MaskOptions;
  return encryption === undefined ? own : encryption.withDefaults(own, where);
};
