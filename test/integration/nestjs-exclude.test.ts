/**
 * class-transformer's @Exclude next to @Erase on a DTO returned by a NestJS route, with the global
 * DataMaskingInterceptor AND a global ClassSerializerInterceptor, registered in either order, over
 * real HTTP: the excluded property is never on the wire (masking honours @Exclude, so it does not
 * matter that the masked DTO reaches the serializer as a plain object).
 */
import 'reflect-metadata';
import { ClassSerializerInterceptor, Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { Exclude } from 'class-transformer';
import { DATA_MASKING_STRING, Erase } from 'lambda-data-masking';
import { DataMaskingInterceptor, DataMaskingModule } from 'lambda-data-masking/nestjs';

class UserDto {
  public id!: string;
  @Erase() public email!: string;
  @Exclude() public passwordHash!: string;

  public static sample(): UserDto {
    return Object.assign(new UserDto(), { id: 'u-1', email: 'ann@example.com', passwordHash: '$2b$10$not-for-the-wire' });
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
}

/**
 * Nest runs the first registered global interceptor outermost, so it sees the response last.
 * `erasedOnTheWire`: whether DataMaskingInterceptor still meets the DTO (the @Erase property is
 * then masked). When ClassSerializerInterceptor sees the response first, it hands on a plain
 * object without class, which no metadata of ours can be found for: that order is a known gap
 * (a matter for the interceptor and its documentation, not for the DTO metadata), recorded
 * below as a failing expectation so that it cannot pass unnoticed.
 */
const orders = [
  {
    name: 'ClassSerializerInterceptor, then DataMaskingInterceptor (ours sees the DTO first)',
    interceptors: [ClassSerializerInterceptor, DataMaskingInterceptor],
    erasedOnTheWire: true,
  },
  {
    name: 'DataMaskingInterceptor, then ClassSerializerInterceptor (the serializer sees the DTO first)',
    interceptors: [DataMaskingInterceptor, ClassSerializerInterceptor],
    erasedOnTheWire: false,
  },
];

describe.each(orders)('NestJS, @Exclude with @Erase, global interceptors registered as $name', ({ interceptors, erasedOnTheWire }) => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    @Module({
      imports: [DataMaskingModule.forRoot({ global: true })],
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

  it('never sends the excluded property, for a DTO or an array of DTOs from an async route', async () => {
    for (const path of ['/users/one', '/users/many']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.text).not.toContain('passwordHash');
      expect(response.text).not.toContain('not-for-the-wire');
    }
    expect(Object.keys((await get('/users/one')).json()).sort()).toEqual(['email', 'id']);
  });

  (erasedOnTheWire ? it : it.failing)('sends the @Erase property masked: { id, email: \'*****\' }', async () => {
    const one = await get('/users/one');
    expect(one.json()).toEqual({ id: 'u-1', email: DATA_MASKING_STRING });
    expect(one.text).not.toContain('ann@example.com');

    const many = await get('/users/many');
    expect(many.json()).toEqual([{ id: 'u-1', email: DATA_MASKING_STRING }, { id: 'u-1', email: DATA_MASKING_STRING }]);
  });
});
