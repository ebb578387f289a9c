import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '@prisma/client';
import { APP_CONFIG, type AppConfig } from '@consilium/config';

/** Raised when PostgreSQL cannot be reached at start-up. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`PostgreSQL is unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** A Prisma transaction client: what repositories receive inside `$transaction`. */
export type Tx = Prisma.TransactionClient;

/** The application's Prisma client over node-postgres (no native engine at run time). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);

  /**
   * A small second pool whose commits do not wait for the WAL flush (synchronous_commit=off).
   * Only for append-only records of reads (PHI read audit): a PostgreSQL crash could lose the
   * last fraction of a second of them, an application crash cannot. Changes never use it.
   */
  readonly asyncCommit: PrismaClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const connection = {
      connectionString: config.databaseUrl,
      // Fail fast instead of hanging when the server is down or unreachable.
      connectionTimeoutMillis: 5_000,
      application_name: `consilium-${config.serviceInstance}`,
    };
    super({ adapter: new PrismaPg({ ...connection, max: 10 }) });
    this.asyncCommit = new PrismaClient({ adapter: new PrismaPg({ ...connection, max: 4, options: '-c synchronous_commit=off' }) });
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.$queryRaw`SELECT 1`;
    } catch (error) {
      throw new DatabaseUnavailableError(error);
    }
    this.logger.log('connected to PostgreSQL');
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.$disconnect(), this.asyncCommit.$disconnect()]);
  }

  /** True when PostgreSQL answers a trivial query. */
  async isReachable(): Promise<boolean> {
    try {
      await this.$queryRaw`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }
}
