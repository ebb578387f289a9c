import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerOptions, type AppConfig } from '@consilium/config';
import { DbModule } from '@consilium/db';
import { RedisModule } from '@consilium/jobs';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, 'api')),
        DbModule,
        RedisModule,
        AccessModule,
        AuditModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
