/**
 * Support matrix, NestJS: `lambda-data-masking/nestjs` with each major of `@nestjs/common` /
 * `@nestjs/core` the peer range claims (`>=10`), installed from the npm registry next to the
 * packed tarball: a real Nest app (Express) over HTTP, with the global `DataMaskingInterceptor`
 * masking an `@Erase` DTO and a `@MaskResponse` route. The app is compiled by this repository's
 * TypeScript against the installed Nest's own types.
 *
 * `npm test` runs NestJS 10 (the oldest supported); `npm run test:matrix` runs 10 and 11.
 * NestJS 12 runs in every `npm test` from this repository's devDependencies
 * (decorators-nestjs.test.ts, and the integration tests).
 */
import { join } from 'node:path';
import type { ConsumerProject } from './support/consumer';
import { MATRIX_TIMEOUT_MS, matrixVersions, registryProject } from './support/registry';
import { repoRoot } from './support/tarball';

jest.setTimeout(MATRIX_TIMEOUT_MS);

const MAJORS = matrixVersions({ default: ['10'], full: ['10', '11'] });

const APP = `
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { Erase } from 'lambda-data-masking';
import { DataMaskingInterceptor, MaskResponse } from 'lambda-data-masking/nestjs';

class UserDto {
  @Erase() email!: string;
  name!: string;
}

@Controller('users')
class UsersController {
  @Get('dto')
  dto() {
    return Object.assign(new UserDto(), { email: 'ann@example.com', name: 'Ann' });
  }

  @Get('card')
  @MaskResponse(['card.number'])
  card() {
    return { id: 1, card: { number: '4111111111111111' } };
  }
}

@Module({
  controllers: [UsersController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }],
})
class AppModule {}

const main = async () => {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = async (path: string) => {
    const response = await fetch(base + path);
    return { status: response.status, body: await response.text() };
  };
  const results = { dto: await call('/users/dto'), card: await call('/users/card') };
  await app.close();
  const version = JSON.parse(readFileSync('node_modules/@nestjs/core/package.json', 'utf8')).version;
  console.log(JSON.stringify({ version, ...results }));
};
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

const TSCONFIG = {
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
    skipLibCheck: true,
  },
  include: ['src'],
};

// Every major installs at once, side by side, before the first test.
const installed: Record<string, Promise<ConsumerProject>> = {};
beforeAll(async () => {
  for (const major of MAJORS) {
    installed[major] = registryProject({
      name: `nestjs-${major}`,
      install: [`@nestjs/common@${major}`, `@nestjs/core@${major}`, `@nestjs/platform-express@${major}`, 'rxjs@7', '@types/node@20'],
      files: { 'src/app.ts': APP, 'tsconfig.json': JSON.stringify(TSCONFIG) },
    });
  }
  await Promise.allSettled(Object.values(installed));
});

describe.each(MAJORS)('NestJS %s, installed from the registry, over HTTP', (major) => {
  it('the interceptor masks an @Erase DTO and a @MaskResponse route', async () => {
    const project = await installed[major]!;
    project.runOk(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    const result = JSON.parse(project.nodeOk('build/app.js').stdout) as { version: string; dto: unknown; card: unknown };
    expect(result.version.split('.')[0]).toBe(major);
    expect(result.dto).toEqual({ status: 200, body: JSON.stringify({ email: '*****', name: 'Ann' }) });
    expect(result.card).toEqual({ status: 200, body: JSON.stringify({ id: 1, card: { number: '*****' } }) });
  });
});
