/**
 * A DTO class defined only while a handler runs (as a lazily loaded module would define it): the
 * interceptor order is checked when the response arrives, so a route where ClassSerializerInterceptor
 * sees responses first is refused from its very first response. This file must define no
 * decorated class at load time.
 */
import 'reflect-metadata';
import { ClassSerializerInterceptor, Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { Erase } from 'lambda-data-masking';
import { DataMaskingInterceptor, DataMaskingModule } from 'lambda-data-masking/nestjs';

/** Defines the decorated class on first call, as importing a lazily loaded module would. */
const loadReportDto = () => {
  class ReportDto {
    public id = 'r-1';
    @Erase() public owner = 'ann@example.com';
  }
  return ReportDto;
};

@Controller()
class ReportsController {
  @Get('report')
  public report() {
    const ReportDto = loadReportDto();
    return new ReportDto();
  }
}

let app: INestApplication;
let baseUrl: string;

beforeAll(async () => {
  @Module({
    imports: [DataMaskingModule.forRoot()],
    controllers: [ReportsController],
    // Ours registered first: the serializer would see responses first.
    providers: [DataMaskingInterceptor, ClassSerializerInterceptor].map((useClass) => ({ provide: APP_INTERCEPTOR, useClass })),
  })
  class AppModule {}

  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
});

it('refuses the first response whose DTO class appeared during the request, and every later one', async () => {
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await fetch(`${baseUrl}/report`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain('ann@example.com');
  }
});
