import 'reflect-metadata';
import { Controller, Get, Module, UseInterceptors, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DATA_MASKING_STRING, DataMasking, DataMaskingContextMismatchError } from 'lambda-data-masking';
import { DataMaskingInterceptor, MaskResponse } from 'lambda-data-masking/nestjs';
import { AesTestProvider } from '../fixtures/aes-test-provider';
import { CountingMasker } from '../fixtures/counting-masker';

const customer = (id: string) => ({
  id,
  name: 'Ann',
  email: 'ann@example.com',
  ssn: '123-45-6789',
  cards: [{ number: '4111111111111111', brand: 'visa' }],
});

const provider = new AesTestProvider();
const routeMasker = new CountingMasker({ provider });
const interceptorMasker = new CountingMasker({ provider });

/** Options whose members are getters counting their reads: they are read when the class is decorated, never per request. */
let optionReads = 0;
const countedOptions = {
  get erase(): string[] {
    optionReads++;
    return ['email', 'cards[*].number'];
  },
  get masker(): DataMasking {
    optionReads++;
    return routeMasker;
  },
};
const readsAtSetup = (): number => optionReads;

@Controller('compiled')
@UseInterceptors(DataMaskingInterceptor)
@MaskResponse(['ssn'])
class CompiledController {
  @Get('counted')
  @MaskResponse(countedOptions)
  public counted() {
    return customer('counted');
  }

  @Get('by-controller')
  public byController() {
    return customer('controller');
  }

  @Get('own-masker')
  @MaskResponse({ erase: { fields: ['ssn'], dynamicMask: true } })
  public ownMasker() {
    return customer('own');
  }

  @Get('tenant')
  @MaskResponse({
    erase: ['email'],
    encrypt: ['ssn'],
    masker: routeMasker,
    context: (ctx) => ({ tenant_id: String(ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-tenant']) }),
  })
  public tenant() {
    return customer('tenant');
  }
}

@Module({ controllers: [CompiledController], providers: [{ provide: DataMasking, useValue: interceptorMasker }] })
class CompiledModule {}

describe('NestJS interceptor: each route compiles its erase once (real Nest app over HTTP)', () => {
  let app: INestApplication;
  let baseUrl: string;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, { headers });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await NestFactory.create(CompiledModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves the same output as erase, compiling the route once and reading its options only at setup', async () => {
    const setupReads = readsAtSetup();
    expect(setupReads).toBeGreaterThan(0);
    const expected = new DataMasking().erase(customer('counted'), { fields: ['email', 'cards[*].number'] });
    for (let request = 0; request < 4; request++) {
      const response = await get('/compiled/counted');
      expect(response.status).toBe(200);
      expect(response.json).toEqual(expected);
      expect(response.json.email).toBe(DATA_MASKING_STRING);
    }
    expect(optionReads).toBe(setupReads);
    expect(routeMasker.compiles).toBe(1);
    expect(routeMasker.erases).toBe(0);
  });

  it('per-route options: the controller-level and the route-level ones each compile once, on the interceptor masker', async () => {
    const before = interceptorMasker.compiles;
    for (let request = 0; request < 3; request++) {
      expect((await get('/compiled/by-controller')).json).toEqual({ ...customer('controller'), ssn: DATA_MASKING_STRING });
      expect((await get('/compiled/own-masker')).json).toEqual({ ...customer('own'), ssn: '***-**-****' });
    }
    expect(interceptorMasker.compiles - before).toBe(2);
    expect(interceptorMasker.erases).toBe(0);
  });

  it('a per-request context still binds each response to its own tenant, with the erase compiled once', async () => {
    const compilesBefore = routeMasker.compiles;
    const responses = [];
    for (const tenant of ['acme', 'globex', 'acme']) {
      const { status, json } = await get('/compiled/tenant', { 'x-tenant': tenant });
      expect(status).toBe(200);
      expect(json.email).toBe(DATA_MASKING_STRING);
      expect(json.ssn).not.toContain('123-45');
      responses.push({ tenant, json });
    }
    expect(routeMasker.compiles - compilesBefore).toBe(1);
    expect(routeMasker.erases).toBe(0);
    for (const { tenant, json } of responses) {
      const decrypted = await routeMasker.decrypt<Record<string, unknown>>(json, { fields: ['ssn'], context: { tenant_id: tenant } });
      expect(decrypted.ssn).toBe('123-45-6789');
      const other = tenant === 'acme' ? 'globex' : 'acme';
      await expect(routeMasker.decrypt(json, { fields: ['ssn'], context: { tenant_id: other } })).rejects.toBeInstanceOf(DataMaskingContextMismatchError);
    }
  });
});
