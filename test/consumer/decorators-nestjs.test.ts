/**
 * A NestJS app from the packed tarball (legacy decorators, as Nest requires), with class-validator
 * and class-transformer, over real HTTP: nested response DTOs are masked whether declared with
 * `@MaskNested` or class-transformer's `@Type`, a nested DTO that nothing declares is refused
 * (500, no value echoed) rather than sent in clear, and request bodies reach the handler intact.
 */
import { type ConsumerProject, consumerProject } from './support/consumer';

jest.setTimeout(180_000);

const APP = `
import 'reflect-metadata';
import { Body, Controller, Get, Module, Post, ValidationPipe } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { Type } from 'class-transformer';
import { IsString, Length, ValidateNested } from 'class-validator';
import { Erase, MaskNested } from 'lambda-data-masking';
import { DataMaskingInterceptor } from 'lambda-data-masking/nestjs';

class CardDto {
  @IsString() @Length(12, 19) @Erase() number!: string;
  @IsString() @Erase({ customMask: 'XXX' }) cvv!: string;
  @IsString() holder!: string;
}

class OrderDto {
  @IsString() id!: string;
  @ValidateNested() @Type(() => CardDto) @MaskNested(() => CardDto) card!: CardDto;
}

/** Declared for class-transformer only: the library reads the same (CommonJS) copy here. */
class TypeOnlyOrder {
  id!: string;
  @Type(() => CardDto) card!: CardDto;
}

/** Typed for TypeScript only (design:type is emitted, but not read by the library). */
class LooseOrder {
  @IsString() id!: string;
  @ValidateNested() card!: CardDto;
}

const card = () => ({ number: '4111111111111111', cvv: '987', holder: 'Ann' });

@Controller('orders')
class OrdersController {
  @Post()
  create(@Body() order: OrderDto) {
    // What the handler saw: the request as sent, never masked.
    return { sawClearNumber: order.card.number === '4111111111111111', cardIsDto: order.card instanceof CardDto, order };
  }

  @Get('declared')
  declared() {
    return Object.assign(new OrderDto(), { id: 'd', card: card() });
  }

  @Get('type-only')
  typeOnly() {
    return [Object.assign(new TypeOnlyOrder(), { id: 't', card: card() })];
  }

  @Get('loose')
  loose() {
    return Object.assign(new LooseOrder(), { id: 'l', card: card() });
  }
}

@Module({
  controllers: [OrdersController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }],
})
class AppModule {}

const main = async () => {
  const app = await NestFactory.create(AppModule, { logger: false });
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  };
  const results = {
    post: await call('/orders', { id: 'p', card: card() }),
    invalid: await call('/orders', { id: 'p', card: { ...card(), number: '4111' } }),
    declared: await call('/orders/declared'),
    typeOnly: await call('/orders/type-only'),
    loose: await call('/orders/loose'),
  };
  await app.close();
  console.log(JSON.stringify(results));
};
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

const MASKED_CARD = { number: '*****', cvv: 'XXX', holder: 'Ann' };

describe('a NestJS app with class-validator, from the packed tarball, over real HTTP', () => {
  let project: ConsumerProject;
  let results: Record<string, { status: number; body: string }>;

  beforeAll(() => {
    project = consumerProject({
      deps: ['typescript', '@types/node', '@nestjs/common', '@nestjs/core', '@nestjs/platform-express', 'rxjs', 'class-transformer', 'class-validator'],
      files: { 'src/app.ts': APP },
      tsconfig: {
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          rootDir: 'src',
          outDir: 'build',
          types: ['node'],
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          useDefineForClassFields: false,
        },
        include: ['src'],
      },
    });
    project.tscOk();
    const { stdout } = project.nodeOk('build/app.js');
    results = JSON.parse(stdout) as typeof results;
  });

  it('never sends a card number or CVV in clear', () => {
    for (const { body } of Object.values(results)) {
      expect(body).not.toContain('4111111111111111');
      expect(body).not.toContain('987');
    }
  });

  it('masks the response but hands the request to the handler intact, validated, as DTO instances', () => {
    expect(results.post!.status).toBe(201);
    expect(JSON.parse(results.post!.body)).toEqual({ sawClearNumber: true, cardIsDto: true, order: { id: 'p', card: MASKED_CARD } });
    expect(results.invalid!.status).toBe(400);
  });

  it('masks nested plain data declared by @MaskNested or by class-transformer @Type', () => {
    expect(results.declared).toEqual({ status: 200, body: JSON.stringify({ id: 'd', card: MASKED_CARD }) });
    expect(results.typeOnly).toEqual({ status: 200, body: JSON.stringify([{ id: 't', card: MASKED_CARD }]) });
  });

  it('refuses (500) a nested DTO that nothing the library reads declares, rather than send it in clear', () => {
    expect(results.loose!.status).toBe(500);
  });
});
