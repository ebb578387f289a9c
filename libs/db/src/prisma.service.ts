import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '@prisma/client';
import { Pool, types } from 'pg';
import { APP_CONFIG, type AppConfig } from '@consilium/config';

/** Raised when PostgreSQL cannot be reached at start-up. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`PostgreSQL is unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** Most connections of the read-audit pool (asyncCommitSql), on top of DATABASE_POOL_SIZE. */
export const ASYNC_COMMIT_POOL_MAX = 4;

/** A Prisma transaction client: what repositories receive inside `$transaction`. */
export type Tx = Prisma.TransactionClient;

// Clinical `date` columns read through raw SQL stay ISO strings ('YYYY-MM-DD'): node-postgres
// would otherwise turn them into local-midnight Dates that drift with the server's time zone.
// (Prisma's adapter installs its own parsers per query and is unaffected.)
types.setTypeParser(types.builtins.DATE, (value: string) => value);

/**
 * The application's Prisma client over node-postgres (no native engine at run time), and the
 * same pool for the few hot read paths written in plain SQL (`sql`), where Prisma's per-query
 * cost would dominate (authentication, board scoping, case reads).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);

  /** The pool Prisma uses, for hand-written SQL on hot paths. */
  readonly sql: Pool;

  /**
   * A small second pool whose commits do not wait for the WAL flush (synchronous_commit=off).
   * Only for append-only records of reads (the PHI read audit): a PostgreSQL crash could lose
   * the last fraction of a second of them, an application crash cannot. Changes never use it.
   */
  readonly asyncCommitSql: Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const connection = {
      connectionString: config.databaseUrl,
      // Fail fast instead of hanging when the server is down or unreachable.
      connectionTimeoutMillis: 5_000,
      application_name: `consilium-${config.serviceInstance}`,
    };
    const pool = new Pool({ ...connection, max: config.databasePoolSize });
    super({ adapter: new PrismaPg(pool) });
    this.sql = pool;
    this.asyncCommitSql = new Pool({
      ...connection,
      max: Math.min(ASYNC_COMMIT_POOL_MAX, config.databasePoolSize),
      options: '-c synchronous_commit=off',
    });
    // Idle clients that lose their server raise 'error' on the pool; the next query reconnects.
    for (const each of [this.sql, this.asyncCommitSql])
      each.on('error', (error) => this.logger.warn(`idle PostgreSQL client error: ${error.message}`));
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
    await this.$disconnect();
    await Promise.all([this.sql.end().catch(() => undefined), this.asyncCommitSql.end()]);
  }

  /** True when PostgreSQL answers a trivial query. */
  async isReachable(): Promise<boolean> {
    try {
      await this.sql.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
