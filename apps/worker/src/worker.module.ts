import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerOptions, type AppConfig } from '@consilium/config';
import { DbModule } from '@consilium/db';
import { DEFAULT_JOB_OPTIONS, RedisModule, bullConnection, queuePrefix } from '@consilium/jobs';
import { AuditSealerModule } from './audit/audit-sealer.module';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { RemindersModule } from './reminders/reminders.module';

/** The BullMQ connection of the worker; `close()` after the application is closed (main.ts). */
export const BULL_CONNECTION = Symbol('BULL_CONNECTION');
export type BullConnection = ReturnType<typeof bullConnection>;

/** The worker: a Nest application context (no HTTP) over PostgreSQL and Redis. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    // On a cluster BullMQ needs one shared Cluster client; Nest closes the BullMQ workers in its
    // last shutdown hook, so the client is closed by the owner of the application, after it.
    const bull = bullConnection(config, 'worker');
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, 'worker')),
        DbModule,
        RedisModule,
        BullModule.forRoot({
          connection: bull.connection,
          prefix: queuePrefix(config.redisPrefix),
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
        AuditSealerModule,
        RemindersModule,
      ],
      providers: [HeartbeatService, { provide: BULL_CONNECTION, useValue: bull }],
    };
  }
}
