import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerOptions, type AppConfig } from '@consilium/config';
import { DbModule } from '@consilium/db';
import { DEFAULT_JOB_OPTIONS, RedisModule, redisConnectionOptions } from '@consilium/jobs';
import { AuditSealerModule } from './audit/audit-sealer.module';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { RemindersModule } from './reminders/reminders.module';

/** The worker: a Nest application context (no HTTP) over PostgreSQL and Redis. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, 'worker')),
        DbModule,
        RedisModule,
        BullModule.forRoot({
          connection: redisConnectionOptions(config.redisUrl, 'worker'),
          prefix: config.redisPrefix,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
        AuditSealerModule,
        RemindersModule,
      ],
      providers: [HeartbeatService],
    };
  }
}
