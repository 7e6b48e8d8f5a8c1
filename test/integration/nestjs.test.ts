import 'reflect-metadata';
import {
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  StreamableFile,
  UseInterceptors,
  type INestApplication,
} from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { delay, of, type Observable } from 'rxjs';
import { DATA_MASKING_STRING, DataMasking, DataMaskingContextMismatchError } from 'lambda-data-masking';
import { DataMaskingInterceptor, DataMaskingModule, MaskResponse } from 'lambda-data-masking/nestjs';
import { AesTestProvider } from '../fixtures/aes-test-provider';

const TENANT = { tenant_id: 't-1' };

const customer = (id: string) => ({
  id,
  name: 'Ann',
  email: 'ann@example.com',
  ssn: '123-45-6789',
  cards: [{ number: '4111111111111111', brand: 'visa' }],
});

@Injectable()
class CustomersService {
  // Injected by its class token, from the global DataMaskingModule.
  public constructor(public readonly masker: DataMasking) {}

  public async find(id: string) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return customer(id);
  }
}

@Controller('customers')
class CustomersController {
  public constructor(private readonly customers: CustomersService) {}

  @Get('plain')
  public plain() {
    return customer('plain');
  }

  @Get('text')
  public text() {
    return 'ann@example.com';
  }

  @Get('file')
  public file() {
    return new StreamableFile(Buffer.from('ann@example.com'), { type: 'text/plain' });
  }

  @Get('masked-file')
  @MaskResponse(['email'])
  public maskedFile() {
    return new StreamableFile(Buffer.from('ann@example.com'), { type: 'text/plain' });
  }

  @Get('tenant')
  @MaskResponse({
    encrypt: ['ssn'],
    context: (ctx) => ({ tenant_id: String(ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-tenant']) }),
  })
  public tenant() {
    return customer('tenant');
  }

  @Get('observable')
  @MaskResponse(['email'])
  public observable(): Observable<unknown> {
    return of(customer('obs')).pipe(delay(5));
  }

  @Get('encrypted/:id')
  @MaskResponse({ erase: ['email'], encrypt: ['ssn'], context: TENANT })
  public encrypted(@Param('id') id: string) {
    return this.customers.find(id);
  }

  @Get('missing')
  @MaskResponse(['phone'])
  public missing() {
    return customer('missing');
  }

  @Get('gone')
  @MaskResponse(['email'])
  public gone(): never {
    throw new NotFoundException('customer not found');
  }

  @Get('async-gone')
  @MaskResponse(['email'])
  public async asyncGone(): Promise<never> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    throw new NotFoundException('customer not found');
  }

  @Get(':id')
  @HttpCode(203)
  @MaskResponse(['email', 'cards[*].number'])
  public async find(@Param('id') id: string) {
    return this.customers.find(id);
  }
}

@Module({
  imports: [DataMaskingModule.forRoot({ provider: new AesTestProvider(), global: true })],
  controllers: [CustomersController],
  providers: [CustomersService, { provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }],
})
class CustomersModule {}

/** Controller-level options, overridden by one route; masked by a controller-scoped interceptor. */
@Controller('accounts')
@UseInterceptors(DataMaskingInterceptor)
@MaskResponse(['email'])
class AccountsController {
  @Get('default')
  public byController() {
    return customer('acc');
  }

  @Get('override')
  @MaskResponse({ erase: { fields: ['ssn'], dynamicMask: true } })
  public byRoute() {
    return customer('acc');
  }

  @Get('lenient')
  @MaskResponse(['email', 'phone'])
  public lenient() {
    return customer('acc');
  }
}

class MaskingSettings {
  public readonly throwOnMissingField = false;
  public readonly warnings: string[] = [];
}

@Module({ providers: [MaskingSettings], exports: [MaskingSettings] })
class SettingsModule {}

/** A non-global module built by forRootAsync from an injected dependency. */
@Module({
  imports: [
    DataMaskingModule.forRootAsync({
      imports: [SettingsModule],
      inject: [MaskingSettings],
      useFactory: async (settings: MaskingSettings) => ({
        throwOnMissingField: settings.throwOnMissingField,
        logger: { warn: (message: string) => void settings.warnings.push(message) },
      }),
    }),
    SettingsModule,
  ],
  controllers: [AccountsController],
})
class AccountsModule {}

const start = async (module: unknown) => {
  const app = await NestFactory.create(module as never, { logger: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, any> };
  };
  return { app, get };
};

describe('NestJS: global interceptor and forRoot, over real HTTP', () => {
  let app: INestApplication;
  let get: Awaited<ReturnType<typeof start>>['get'];

  beforeAll(async () => {
    ({ app, get } = await start(CustomersModule));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('erases the fields named by @MaskResponse, on the wire, in an async route', async () => {
    const response = await get('/customers/42');

    expect(response.status).toBe(203);
    expect(response.json()).toEqual({
      ...customer('42'),
      email: DATA_MASKING_STRING,
      cards: [{ number: DATA_MASKING_STRING, brand: 'visa' }],
    });
    expect(response.text).not.toContain('ann@example.com');
  });

  it('passes a route without @MaskResponse unchanged', async () => {
    const plain = await get('/customers/plain');
    expect(plain.json()).toEqual(customer('plain'));

    const text = await get('/customers/text');
    expect(text.text).toBe('ann@example.com');

    const file = await get('/customers/file');
    expect(file.status).toBe(200);
    expect(file.text).toBe('ann@example.com');
  });

  it('refuses to mask a file response named by @MaskResponse (500, nothing leaked)', async () => {
    const response = await get('/customers/masked-file');

    expect(response.status).toBe(500);
    expect(response.text).not.toContain('ann@example.com');
  });

  it('binds a per-request encryption context computed from the ExecutionContext', async () => {
    const response = (await get('/customers/tenant', { 'x-tenant': 'acme' })).json();
    const { masker } = app.get(CustomersService);

    const decrypted = await masker.decrypt<Record<string, unknown>>(response, { fields: ['ssn'], context: { tenant_id: 'acme' } });
    expect(decrypted).toEqual(customer('tenant'));
    await expect(masker.decrypt(response, { fields: ['ssn'], context: { tenant_id: 'other' } })).rejects.toBeInstanceOf(DataMaskingContextMismatchError);
  });

  it('masks an Observable response', async () => {
    expect((await get('/customers/observable')).json()).toEqual({ ...customer('obs'), email: DATA_MASKING_STRING });
  });

  it('encrypts with the module provider; the injected DataMasking decrypts it', async () => {
    const response = (await get('/customers/encrypted/9')).json();

    expect(response.email).toBe(DATA_MASKING_STRING);
    expect(response.ssn).not.toContain('123-45');
    // The service's DataMasking (injected by class token) shares the module's provider and key.
    const { masker } = app.get(CustomersService);
    expect(masker).toBeInstanceOf(DataMasking);
    const decrypted = await masker.decrypt<Record<string, unknown>>(response, { fields: ['ssn'], context: TENANT });
    expect(decrypted.ssn).toBe('123-45-6789');
  });

  it('keeps the status code and body of an HttpException, sync or async', async () => {
    for (const path of ['/customers/gone', '/customers/async-gone']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ statusCode: 404, message: 'customer not found', error: 'Not Found' });
    }
  });

  it('answers 500 (never the unmasked body) when masking fails', async () => {
    const response = await get('/customers/missing');

    expect(response.status).toBe(500);
    expect(response.text).not.toContain('ann@example.com');
    expect(response.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
  });
});

describe('NestJS: controller-scoped interceptor and forRootAsync, over real HTTP', () => {
  let app: INestApplication;
  let get: Awaited<ReturnType<typeof start>>['get'];

  beforeAll(async () => {
    ({ app, get } = await start(AccountsModule));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('applies controller-level options; the route-level @MaskResponse overrides them', async () => {
    expect((await get('/accounts/default')).json()).toEqual({ ...customer('acc'), email: DATA_MASKING_STRING });
    expect((await get('/accounts/override')).json()).toEqual({ ...customer('acc'), ssn: '***-**-****' });
  });

  it('uses the options computed by the async factory (missing field: warn, path only, and go on)', async () => {
    const response = await get('/accounts/lenient');

    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ ...customer('acc'), email: DATA_MASKING_STRING });
    const { warnings } = app.get(MaskingSettings);
    expect(warnings).toEqual([expect.stringContaining("'phone'")]);
    expect(warnings.join()).not.toContain('ann@example.com');
  });
});
