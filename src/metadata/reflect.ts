/**
 * The reflect-metadata API, loaded on first use (by the first decorator applied or the first
 * plan built) so that importing the library costs nothing for code that never uses decorators.
 * A decorator factory runs before the compiler's `design:type` helper of the same property,
 * so loading it here still records the property's design type.
 * @internal
 */
export interface ReflectMetadataApi {
  defineMetadata(key: unknown, value: unknown, target: object, property?: string | symbol): void;
  getOwnMetadata(key: unknown, target: object, property?: string | symbol): unknown;
}

let api: ReflectMetadataApi | undefined;

/** @internal */
export const reflectMetadata = (): ReflectMetadataApi => {
  if (api === undefined) {
    const global = Reflect as unknown as Partial<ReflectMetadataApi>;
    if (typeof global.defineMetadata !== 'function' || typeof global.getOwnMetadata !== 'function') {
      require('reflect-metadata');
    }
    api = Reflect as unknown as ReflectMetadataApi;
  }
  return api;
};
