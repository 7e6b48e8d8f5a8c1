/**
 * class-transformer's @Exclude next to @Erase on a DTO returned by a NestJS route, with the global
 * DataMaskingInterceptor AND a global ClassSerializerInterceptor, registered in either order, over
 * real HTTP: the excluded property is never on the wire (masking honours @Exclude, so it does not
 * matter that the masked DTO reaches the serializer as a plain object), and the @Erase property is
 * masked. When the serializer would see the DTO first, the route is refused: 500, no value sent
 * (masking metadata leaves class-transformer's output alone, so the serializer could not mask).
 */
import 'reflect-metadata';
import { ClassSerializerInterceptor, Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory, Reflector } from '@nestjs/core';
import { Exclude } from 'class-transformer';
import { DATA_MASKING_STRING, Encrypt, Erase } from 'lambda-data-masking';
import { DataMaskingInterceptor, DataMaskingModule } from 'lambda-data-masking/nestjs';
import { AesTestProvider } from '../fixtures/aes-test-provider';

class UserDto {
  public id!: string;
  @Erase() public email!: string;
  @Exclude() public passwordHash!: string;

  public static sample(): UserDto {
    return Object.assign(new UserDto(), { id: 'u-1', email: 'ann@example.com', passwordHash: '$2b$10$not-for-the-wire' });
  }
}

class CardDto {
  public id!: string;
  @Encrypt() public cardNumber!: string;
  @Erase() public holder!: string;

  public static sample(): CardDto {
    return Object.assign(new CardDto(), { id: 'c-1', cardNumber: '4111111111111111', holder: 'Ann Example' });
  }
}

@Controller('users')
class UsersController {
  @Get('one')
  public one() {
    return UserDto.sample();
  }

  @Get('many')
  public async many() {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return [UserDto.sample(), UserDto.sample()];
  }

  @Get('card')
  public card() {
    return CardDto.sample();
  }
}

/**
 * Nest runs the first registered global interceptor outermost, so it sees the response last.
 * `serializerFirst`: ClassSerializerInterceptor would meet the DTO before DataMaskingInterceptor
 * and hand it on as a plain object, without its classes: DataMaskingInterceptor refuses the route.
 */
const orders = [
  {
    name: 'ClassSerializerInterceptor, then DataMaskingInterceptor (ours sees the DTO first)',
    interceptors: [ClassSerializerInterceptor, DataMaskingInterceptor],
    serializerFirst: false,
  },
  {
    name: 'DataMaskingInterceptor, then ClassSerializerInterceptor (the serializer sees the DTO first)',
    interceptors: [DataMaskingInterceptor, ClassSerializerInterceptor],
    serializerFirst: true,
  },
];

describe.each(orders)('NestJS, @Exclude with @Erase, global interceptors registered as $name', ({ interceptors, serializerFirst }) => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    @Module({
      imports: [DataMaskingModule.forRoot({ provider: new AesTestProvider(), global: true })],
      controllers: [UsersController],
      providers: interceptors.map((useClass) => ({ provide: APP_INTERCEPTOR, useClass })),
    })
    class AppModule {}

    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`);
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown>[] & Record<string, unknown> };
  };

  if (serializerFirst) {
    it('refuses every route (500), with no value in the body', async () => {
      for (const path of ['/users/one', '/users/many', '/users/card']) {
        const response = await get(path);
        expect(response.status).toBe(500);
        expect(response.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
      }
    });
    return;
  }

  it('never sends the excluded property, for a DTO or an array of DTOs from an async route', async () => {
    for (const path of ['/users/one', '/users/many']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.text).not.toContain('passwordHash');
      expect(response.text).not.toContain('not-for-the-wire');
    }
    expect(Object.keys((await get('/users/one')).json()).sort()).toEqual(['email', 'id']);
  });

  it("sends the @Erase property masked: { id, email: '*****' }", async () => {
    const one = await get('/users/one');
    expect(one.json()).toEqual({ id: 'u-1', email: DATA_MASKING_STRING });
    expect(one.text).not.toContain('ann@example.com');

    const many = await get('/users/many');
    expect(many.json()).toEqual([
      { id: 'u-1', email: DATA_MASKING_STRING },
      { id: 'u-1', email: DATA_MASKING_STRING },
    ]);
  });

  it('sends the @Encrypt property as a ciphertext and the @Erase one masked', async () => {
    const response = await get('/users/card');
    expect(response.text).not.toContain('4111111111111111');
    expect(response.text).not.toContain('Ann Example');
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body).toEqual({ id: 'c-1', cardNumber: expect.any(String), holder: DATA_MASKING_STRING });
    expect(body.cardNumber).not.toBe(DATA_MASKING_STRING);
  });
});

describe('NestJS, global interceptors given as instances (useGlobalInterceptors)', () => {
  @Controller('users')
  class OneController {
    @Get('one')
    public one() {
      return UserDto.sample();
    }
  }

  const start = async (register: (app: INestApplication) => void) => {
    @Module({ imports: [DataMaskingModule.forRoot({ global: true })], controllers: [OneController] })
    class AppModule {}
    const app = await NestFactory.create(AppModule, { logger: false });
    register(app);
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(`${url}/users/one`);
    const result = { status: response.status, text: await response.text() };
    await app.close();
    return result;
  };

  it('masks with the instance Nest built (app.get), the serializer registered first', async () => {
    const result = await start((app) => app.useGlobalInterceptors(new ClassSerializerInterceptor(app.get(Reflector)), app.get(DataMaskingInterceptor)));
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toEqual({ id: 'u-1', email: DATA_MASKING_STRING });
  });

  it('refuses the route when the serializer would see the response first', async () => {
    const result = await start((app) => app.useGlobalInterceptors(app.get(DataMaskingInterceptor), new ClassSerializerInterceptor(app.get(Reflector))));
    expect(result.status).toBe(500);
    expect(result.text).not.toContain('ann@example.com');
  });

  it('refuses the route when built with new (the global interceptors cannot be read)', async () => {
    const result = await start((app) => app.useGlobalInterceptors(new DataMaskingInterceptor(app.get(Reflector))));
    expect(result.status).toBe(500);
    expect(result.text).not.toContain('ann@example.com');
  });
});
