/**
 * A NestJS application: `DataMaskingModule` provides one `DataMasking`, `DataMaskingInterceptor`
 * masks responses (a returned DTO by its `@Erase` / `@Encrypt` decorators, other responses as
 * `@MaskResponse` says), and `DecryptBodyPipe` decrypts an incoming body into its DTO class, which
 * `ValidationPipe` then validates. Nest's `ClassSerializerInterceptor` is registered first, so it
 * runs outside `DataMaskingInterceptor` and receives masked data.
 * The DTOs are those of decorated-dtos.ts: one definition serves Lambda and Nest.
 */
import {
  Body,
  ClassSerializerInterceptor,
  Controller,
  Get,
  Module,
  Param,
  Post,
  ValidationPipe,
  type DynamicModule,
  type INestApplication,
} from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { IsCreditCard, IsString } from 'class-validator';
import { Encrypt } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { DataMaskingInterceptor, DataMaskingModule, DecryptBodyPipe, MaskResponse } from 'lambda-data-masking/nestjs';
import { type CustomerDto, findCustomer } from './decorated-dtos';
import { type KmsSettings, kmsSettingsFromEnv } from './lambda';

export class OrderDto {
  @IsString() public item!: string;
  @IsCreditCard() @Encrypt() public cardNumber!: string;
}

@Controller()
export class ShopController {
  /** A DTO masks itself by its decorators; `@MaskResponse` only adds the encryption context. */
  @Get('customers/:id')
  @MaskResponse({ context: { service: 'customers' } })
  public customer(@Param('id') id: string): Promise<CustomerDto> {
    return findCustomer(id);
  }

  /** A plain object: `@MaskResponse` names the fields to erase. */
  @Get('customers/:id/contact')
  @MaskResponse(['email', 'phone'])
  public async contact(@Param('id') id: string) {
    const { name, email, phone } = await findCustomer(id);
    return { name, email, phone };
  }

  /** The caller encrypted the card number (`masker.mask(order)`); decrypted into an `OrderDto`, then validated. */
  @Post('orders')
  public order(@Body(DecryptBodyPipe, new ValidationPipe({ whitelist: true })) order: OrderDto) {
    return { item: order.item, charged: `card ending in ${order.cardNumber.slice(-4)}` };
  }
}

@Module({})
export class AppModule {
  public static forRoot({ keyArn, kmsClientConfig }: KmsSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DataMaskingModule.forRoot({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }), global: true }),
      ],
      controllers: [ShopController],
      // Registered first, the serializer runs outside DataMaskingInterceptor, which sees responses first.
      providers: [
        { provide: APP_INTERCEPTOR, useClass: ClassSerializerInterceptor },
        { provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor },
      ],
    };
  }
}

export const bootstrap = async (
  settings: KmsSettings,
  { port = 3000, host = '0.0.0.0', logger = true }: { port?: number; host?: string; logger?: boolean } = {},
): Promise<INestApplication> => {
  const app = await NestFactory.create(AppModule.forRoot(settings), logger ? {} : { logger: false });
  await app.listen(port, host);
  return app;
};

if (require.main === module) void bootstrap(kmsSettingsFromEnv(), { port: Number(process.env.PORT ?? 3000) });
