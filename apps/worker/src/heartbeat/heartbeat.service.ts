import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService } from '@consilium/db';
import { REDIS_CLIENT, type RedisConnection } from '@consilium/jobs';
import { AuditSealerService } from '../audit/audit-sealer.service';
import { OutboxRelay } from '../outbox/outbox-relay.service';

export const HEARTBEAT_KEY_SUFFIX = 'worker:heartbeat:';
const HEARTBEAT_INTERVAL_MS = 5_000;
const HEARTBEAT_TTL_SECONDS = 15;

/**
 * Publishes the worker's liveness (whether PostgreSQL answers it, the outbox lag, and the audit
 * checkpoint witness's backlog and last error) under a Redis key with a short TTL, so the API and
 * operators can see which workers are alive.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HeartbeatService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection,
    private readonly prisma: PrismaService,
    private readonly outbox: OutboxRelay,
    private readonly sealer: AuditSealerService,
  ) {}

  get key(): string {
    return `${this.config.redisPrefix}:${HEARTBEAT_KEY_SUFFIX}${this.config.serviceInstance}`;
  }

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(this.key).catch(() => undefined);
  }

  /** One heartbeat; failures are logged, never thrown (Redis may be restarting). */
  async beat(): Promise<void> {
    try {
      const database = await this.prisma.isReachable();
      // Outbox lag: age of the oldest unrelayed row (reminders wait that long before their job exists).
      const outboxLagMs = database ? await this.outbox.lagMs().catch(() => null) : null;
      await this.redis.set(
        this.key,
        JSON.stringify({
          at: new Date().toISOString(),
          pid: process.pid,
          database,
          redis: true,
          outboxLagMs,
          auditWitness: this.sealer.witnessStatus(),
        }),
        'EX',
        HEARTBEAT_TTL_SECONDS,
      );
    } catch (error) {
      this.logger.warn(`heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
