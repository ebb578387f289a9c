import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from 'pg';
import { pgRunner, type SqlRunner } from '@consilium/audit';
import { APP_CONFIG, type AppConfig } from '@consilium/config';

/**
 * The sealer's dedicated PostgreSQL connection, as libs/audit's `SqlRunner` (the statements and
 * their row types are libs/audit's SQL store; this file only owns the connection). Opened on first
 * use; `reset` drops it after a failed round (the database may be restarting), the next use reopens.
 */
@Injectable()
export class AuditSealerRepository {
  private readonly logger = new Logger(AuditSealerRepository.name);
  private client: Client | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  readonly runner: SqlRunner = {
    query: async (sql, params) => pgRunner(await this.connection()).query(sql, params),
    queryTextRows: async (sql, params) => pgRunner(await this.connection()).queryTextRows(sql, params),
  };

  /** Closes the connection (if open); the next statement opens a new one. */
  async reset(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connection(): Promise<Client> {
    if (!this.client) {
      const client = new Client({
        connectionString: this.config.databaseUrl,
        application_name: `consilium-sealer-${this.config.serviceInstance}`,
      });
      client.on('error', (error) => this.logger.warn(`sealer connection: ${error.message}`));
      await client.connect();
      this.client = client;
    }
    return this.client;
  }
}
