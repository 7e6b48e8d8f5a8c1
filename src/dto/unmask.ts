import type { MaskerEncryption } from '../operations/encryption';
import { maskerOptions } from './masker-options';
import { validateContext } from '../operations/context';
import { DataMaskingDecryptValueError, DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../errors';
import { copyJson } from '../json/copy-json';
import { MAX_DEPTH, toPublicError, tooDeepSignal } from '../json/json-view';
import { isForbiddenKey } from '../json/forbidden-keys';
import { formatLocation, locationShape } from '../jsonpath/location';
import type { EncryptionContext, EncryptionProvider, ProviderOptions } from '../types';
import { isAssignable } from './assignable';
import { propertyContext } from './context';
import { type NestedType, classFor } from '../metadata/nested-types';
import { type ClassPlan, type FieldPlan, planOf } from './plan';
import { encryptedNames, protectedNames } from '../metadata/registry';
import { undeclaredNestedError } from './undeclared';

/** One `@Encrypt` property waiting to be decrypted into its new instance. */
interface DecryptJob {
  readonly instance: Record<string, unknown>;
  readonly plan: ClassPlan;
  readonly field: FieldPlan;
  readonly ciphertext: string;
  /** Location from the outermost DTO: the ciphertext's anti-swap shape, and where its own members are. */
  readonly location: readonly (string | number)[];
}

/**
 * Builds instances from masked plain data in one synchronous walk (no decryption yet): nested
 * DTOs become instances of their declared classes (`@MaskNested`, `@Type`), Dates become Dates,
 * other data is copied. Each `@Encrypt` ciphertext is queued with the instance that will hold it.
 */
class UnmaskWalk {
  public readonly jobs: DecryptJob[] = [];
  public readonly location: (string | number)[];
  #depth = 0;

  public constructor(location: readonly (string | number)[]) {
    this.location = [...location];
  }

  public value(value: unknown, nested: NestedType | undefined): unknown {
    if (nested === undefined) return copyJson(value, this.#depth);
    if (Array.isArray(value)) {
      this.#enter();
      const copy = value.map((element, index) => {
        this.location.push(index);
        const built = this.value(element === undefined ? null : element, nested);
        this.location.pop();
        return built;
      });
      this.#depth--;
      return copy;
    }
    if (nested.kind === 'date') {
      return typeof value === 'string' || typeof value === 'number' ? new Date(value) : copyJson(value, this.#depth);
    }
    if (typeof value !== 'object' || value === null) return copyJson(value, this.#depth);
    return this.instance(value, classFor(nested, value), nested.discriminator?.keepProperty === false ? nested.discriminator.property : undefined);
  }

  #enter(): void {
    if (++this.#depth > MAX_DEPTH) throw tooDeepSignal();
  }

  public instance(source: object, type: Function, dropKey?: string): object {
    const plan = planOf(type);
    this.#enter();
    const instance = new (type as new () => Record<string, unknown>)();
    const { location } = this;
    for (const key of Object.keys(source)) {
      const member = (source as Record<string, unknown>)[key];
      if (member === undefined || key === dropKey || !isAssignable(type, instance, key)) continue;
      const field = plan.fields.get(key);
      location.push(key);
      if (field === undefined && typeof member === 'object' && member !== null && !plan.plainKeys.has(key)) this.#refuseUndeclared(plan, member);
      if (field?.action === 'encrypt') {
        if (typeof member !== 'string') {
          throw new DataMaskingDecryptValueError(`${plan.name}.${key} (at ${formatLocation(location)}) is not a ciphertext string`);
        }
        this.jobs.push({ instance, plan, field, ciphertext: member, location: [...location] });
      } else {
        assign(instance, key, field === undefined || field.action === 'erase' ? copyJson(member, this.#depth) : this.value(member, field.nested));
      }
      location.pop();
    }
    this.#depth--;
    return instance;
  }

  /**
   * Plain data where nothing declares a class, holding a member that some class encrypts: it may
   * be a DTO whose ciphertext would stay undecrypted; refused as `mask` refuses it.
   */
  #refuseUndeclared(plan: ClassPlan, member: object): void {
    const names = encryptedNames();
    if (names.size === 0) return;
    const found = findName(member, names, 0);
    if (found !== undefined) {
      throw undeclaredNestedError(
        { name: plan.name, at: this.location.length - 1 },
        this.location.concat(found.path),
        found.key,
        protectedNames().get(found.key) ?? new Set(),
      );
    }
  }
}

/** The first own member named in `names` inside `value` (plain objects and arrays), with its path. */
const findName = (value: object, names: ReadonlySet<string>, depth: number): { key: string; path: (string | number)[] } | undefined => {
  if (depth > MAX_DEPTH) return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((element, index) => [index, element]) : Object.entries(value);
  for (const [key, member] of entries) {
    if (typeof key === 'string' && names.has(key)) return { key, path: [] };
    if (typeof member === 'object' && member !== null) {
      const found = findName(member, names, depth + 1);
      if (found !== undefined) return { key: found.key, path: [key, ...found.path] };
    }
  }
  return undefined;
};

/** Assigns like class-transformer (so class setters run), but never through `__proto__` & co. */
const assign = (instance: Record<string, unknown>, key: string, value: unknown): void => {
  if (isForbiddenKey(key)) Object.defineProperty(instance, key, { value, enumerable: true, writable: true, configurable: true });
  else instance[key] = value;
};

interface UnmaskRun {
  readonly provider: EncryptionProvider | undefined;
  readonly context: EncryptionContext | undefined;
  readonly providerOptions: ProviderOptions | undefined;
  /** The masker's default context: no `@Encrypt` property may re-bind its keys. */
  readonly fixedContext: EncryptionContext | undefined;
}

/** Builds, then decrypts every queued property concurrently (and what their plaintexts hold), then assigns them all. */
const build = async (run: UnmaskRun, source: unknown, location: readonly (string | number)[], make: (walker: UnmaskWalk) => unknown): Promise<unknown> => {
  const walker = new UnmaskWalk(location);
  let built: unknown;
  try {
    built = make(walker);
  } catch (error) {
    throw toPublicError(error, source, formatLocation);
  }
  const { jobs } = walker;
  if (jobs.length === 0) return built;
  const { provider } = run;
  if (provider === undefined) {
    const { plan, field } = jobs[0]!;
    throw new DataMaskingInvalidOptionsError(`@Encrypt on ${plan.name}.${field.key} needs an encryption provider to unmask: new DataMasking({ provider })`);
  }
  const contexts = jobs.map((job) => propertyContext(run.context, job.field, job.plan.name, job.instance, locationShape(job.location), run.fixedContext));
  const values = await Promise.all(
    jobs.map(async (job, index) => {
      const plaintext = await provider.decrypt(job.ciphertext, { context: contexts[index], providerOptions: run.providerOptions });
      const { nested } = job.field;
      return nested === undefined ? plaintext : build(run, plaintext, job.location, (inner) => inner.value(plaintext, nested));
    }),
  );
  jobs.forEach((job, index) => {
    assign(job.instance, job.field.key, values[index]);
  });
  return built;
};

/**
 * Turns masked data back into instances of `type` (see {@link DataMasking.unmask}).
 * @internal
 */
export const unmaskDecorated = async (
  type: abstract new (...args: never[]) => unknown,
  masked: unknown,
  encryption: MaskerEncryption | undefined,
  callOptions: unknown,
): Promise<unknown> => {
  const options = maskerOptions(encryption, callOptions, 'unmask');
  const provider = encryption?.provider;
  const fixedContext = encryption?.context;
  if (typeof type !== 'function') throw new DataMaskingInvalidOptionsError('unmask needs the DTO class as its first argument');
  const run = { provider, context: validateContext(options?.context), providerOptions: options?.providerOptions, fixedContext };
  const root = (walker: UnmaskWalk, value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataMaskingUnsupportedTypeError(`unmask expects a masked ${type.name} object (or an array of them)`);
    }
    return walker.instance(value, type);
  };
  if (!Array.isArray(masked)) return build(run, masked, [], (walker) => root(walker, masked));
  // Each element is its own outermost DTO, as mask() treats the elements of an array.
  return Promise.all(masked.map((element) => build(run, element, [], (walker) => root(walker, element))));
};
