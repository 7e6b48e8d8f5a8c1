import * as nestCommon from '@nestjs/common';

/**
 * Nest's metadata key for `@UseInterceptors` (`INTERCEPTORS_METADATA` of `@nestjs/common/constants`,
 * unchanged since Nest 5). Written here because that subpath is not exported the same way by every
 * supported Nest version.
 */
const INTERCEPTORS_METADATA = '__interceptors__';

/**
 * Where a route's responses meet the serializers, relative to `DataMaskingInterceptor`:
 * - `masking-first`: a masking interceptor sees the response before any serializer does;
 * - `serializer-first`: a serializer sees it first and may turn DTOs into plain objects, losing
 *   the classes that carry `@Erase` / `@Encrypt`;
 * - `unknown`: the global interceptors could not be read, and no masking interceptor is bound
 *   to the route itself.
 * @internal
 */
export type RouteOrder = 'masking-first' | 'serializer-first' | 'unknown';

/** The global interceptors as Nest runs them (outermost first), or `undefined` when unreadable. @internal */
export type GlobalInterceptors = readonly unknown[] | undefined;

/**
 * Interceptors that turn class instances into plain data: Nest's `ClassSerializerInterceptor`
 * (class-transformer's `classToPlain`) and, in Nest 12, `StandardSchemaSerializerInterceptor`
 * (a schema's output), and their subclasses.
 */
const SERIALIZERS: readonly Function[] = [
  nestCommon.ClassSerializerInterceptor,
  (nestCommon as Record<string, unknown>).StandardSchemaSerializerInterceptor,
].filter((type): type is Function => typeof type === 'function');

/** The class of an interceptor entry: a class, an instance, or a request-scoped wrapper (`metatype`). */
const classOf = (entry: unknown): unknown => {
  if (typeof entry === 'function') return entry;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const metatype = Object.getOwnPropertyDescriptor(entry, 'metatype')?.value as unknown;
  return typeof metatype === 'function' && !('intercept' in entry) ? metatype : (entry as { constructor?: unknown }).constructor;
};

const isKind = (entry: unknown, bases: readonly Function[]): boolean => {
  const type = classOf(entry);
  return typeof type === 'function' && bases.some((base) => type === base || type.prototype instanceof base);
};

const lastIndex = (entries: readonly unknown[], bases: readonly Function[]): number => {
  for (let index = entries.length - 1; index >= 0; index--) if (isKind(entries[index], bases)) return index;
  return -1;
};

const interceptorsOf = (target: Function): readonly unknown[] => {
  const entries = Reflect.getMetadata(INTERCEPTORS_METADATA, target) as unknown;
  return Array.isArray(entries) ? entries : [];
};

/**
 * The order of a route's interceptors, as Nest composes them: global ones (outermost, in
 * registration order, request-scoped last), then the controller's `@UseInterceptors`, then the
 * handler's; the last one sees the response first. Only the innermost masking interceptor
 * matters: whatever runs outside it receives data that is already masked.
 * @internal
 */
export const routeOrder = (maskingTypes: readonly Function[], globals: GlobalInterceptors, controller: Function, handler: Function): RouteOrder => {
  const local = [...interceptorsOf(controller), ...interceptorsOf(handler)];
  const localMasking = lastIndex(local, maskingTypes);
  const localSerializer = lastIndex(local, SERIALIZERS);
  if (localMasking >= 0) return localSerializer > localMasking ? 'serializer-first' : 'masking-first';
  // The masking interceptor is global, so outside every interceptor bound to the route.
  if (localSerializer >= 0) return 'serializer-first';
  if (globals === undefined) return 'unknown';
  const globalMasking = lastIndex(globals, maskingTypes);
  if (globalMasking < 0) return 'unknown';
  return lastIndex(globals, SERIALIZERS) > globalMasking ? 'serializer-first' : 'masking-first';
};

/**
 * Nest's global interceptors, read from the application config that every `ModuleRef` holds
 * (`container.applicationConfig`, there since Nest 6; not a public API, hence `undefined`
 * when its shape differs and the caller fails closed).
 * @internal
 */
export const globalInterceptors = (moduleRef: unknown): GlobalInterceptors => {
  const container = (moduleRef as { container?: { applicationConfig?: unknown } } | undefined)?.container;
  const config = container?.applicationConfig as { getGlobalInterceptors?: () => unknown; getGlobalRequestInterceptors?: () => unknown } | undefined;
  if (typeof config?.getGlobalInterceptors !== 'function') return undefined;
  const statics = config.getGlobalInterceptors();
  const scoped = typeof config.getGlobalRequestInterceptors === 'function' ? config.getGlobalRequestInterceptors() : [];
  if (!Array.isArray(statics) || !Array.isArray(scoped)) return undefined;
  return [...statics, ...scoped];
};

/** `Controller.method`, for messages (code names, never data). @internal */
export const describeRoute = (controller: Function, handler: Function): string =>
  `${controller.name || '<anonymous controller>'}.${handler.name || '<anonymous handler>'}`;
