import { Logger, Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type Provider } from '@nestjs/common';
import { DataMasking } from '../../DataMasking';
import type { DataMaskingOptions } from '../../types';
import { DATA_MASKING_MODULE_OPTIONS } from './constants';
import { DataMaskingInterceptor } from './data-masking.interceptor';

/**
 * Options of {@link DataMaskingModule.forRoot}: those of the `DataMasking` constructor, plus `global`.
 *
 * @example
 * ```ts
 * const options: DataMaskingModuleOptions = { provider, throwOnMissingField: false, global: true };
 * ```
 */
export interface DataMaskingModuleOptions extends DataMaskingOptions {
  /** Register the module globally, so every module can inject `DataMasking` without importing it (default `false`). */
  global?: boolean;
}

/**
 * Options of {@link DataMaskingModule.forRootAsync}: a factory of the `DataMasking` constructor options.
 *
 * @example
 * ```ts
 * const options: DataMaskingModuleAsyncOptions = {
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ throwOnMissingField: config.get('STRICT_MASKING') === 'true' }),
 * };
 * ```
 */
export interface DataMaskingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Builds the options, e.g. from a `ConfigService`; may be async. */
  // biome-ignore lint/suspicious/noExplicitAny: Nest's own FactoryProvider types useFactory this way; the injected values are the caller's
  useFactory: (...args: any[]) => DataMaskingOptions | Promise<DataMaskingOptions>;
  /** Providers passed to `useFactory`, in order. */
  inject?: FactoryProvider['inject'];
  /** Register the module globally (default `false`). */
  global?: boolean;
}

/**
 * Builds the shared instance. Warnings (`throwOnMissingField: false`) go to Nest's logger by
 * default, so they follow the application's logger settings.
 */
const createDataMasking = (options: DataMaskingOptions): DataMasking => new DataMasking({ ...options, logger: options.logger ?? new Logger('DataMasking') });

const maskerProvider: Provider = {
  provide: DataMasking,
  useFactory: createDataMasking,
  inject: [DATA_MASKING_MODULE_OPTIONS],
};

/**
 * Provides one `DataMasking` instance, injectable by its class, and `DataMaskingInterceptor`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [DataMaskingModule.forRoot({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn] }), global: true })],
 *   providers: [{ provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }],
 *   controllers: [CustomersController],
 * })
 * export class AppModule {}
 *
 * @Injectable()
 * export class CustomersService {
 *   constructor(private readonly masker: DataMasking) {}
 * }
 * ```
 */
@Module({})
export class DataMaskingModule {
  /**
   * Registers `DataMasking` built from static options.
   *
   * @example
   * ```ts
   * DataMaskingModule.forRoot({ provider, throwOnMissingField: false });
   * ```
   */
  public static forRoot(options: DataMaskingModuleOptions = {}): DynamicModule {
    const { global, ...maskerOptions } = options;
    return buildModule(global, [], { provide: DATA_MASKING_MODULE_OPTIONS, useValue: maskerOptions });
  }

  /**
   * Registers `DataMasking` built from options computed by a factory with injected dependencies.
   *
   * @example
   * ```ts
   * DataMaskingModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ provider: new AWSEncryptionSDKProvider({ keys: [config.get('KEY_ARN')] }) }),
   * });
   * ```
   */
  public static forRootAsync(options: DataMaskingModuleAsyncOptions): DynamicModule {
    return buildModule(options.global, options.imports ?? [], {
      provide: DATA_MASKING_MODULE_OPTIONS,
      useFactory: options.useFactory,
      inject: options.inject ?? [],
    });
  }
}

/** The dynamic module shared by `forRoot` and `forRootAsync`. */
function buildModule(global: boolean | undefined, imports: NonNullable<ModuleMetadata['imports']>, optionsProvider: Provider): DynamicModule {
  return {
    module: DataMaskingModule,
    global: global ?? false,
    imports,
    providers: [optionsProvider, maskerProvider, DataMaskingInterceptor],
    exports: [DATA_MASKING_MODULE_OPTIONS, DataMasking, DataMaskingInterceptor],
  };
}
