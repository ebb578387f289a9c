import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Cluster, type Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { QueueName, REDIS_CLIENT, queuePrefix, type RedisConnection } from '@consilium/jobs';

/** Raised when Redis would evict keys (BullMQ jobs) under memory pressure. */
export class RedisEvictionPolicyError extends Error {
  constructor(policy: string) {
    super(
      `Redis maxmemory-policy is "${policy}": BullMQ needs "noeviction" (an evicted job is a lost reminder clock). ` +
        'Set `maxmemory-policy noeviction` in redis.conf or run `CONFIG SET maxmemory-policy noeviction`.',
    );
    this.name = 'RedisEvictionPolicyError';
  }
}

/**
 * At start: refuse to run unless Redis' maxmemory-policy is noeviction (on a cluster, every
 * master's). Where CONFIG is not allowed (managed Redis), warn and go on: the due-reminder sweep
 * still restores lost jobs.
 */
@Injectable()
export class RedisPolicyCheck implements OnModuleInit {
  private readonly logger = new Logger(RedisPolicyCheck.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.checkEvictionPolicy();
    await this.reportUntaggedQueues();
  }

  /**
   * Queues from before the `{prefix}` hash tag (`<prefix>:<queue>:...`) are no longer read. Their
   * reminders are not lost (the due sweep re-creates every SCHEDULED reminder's job from
   * PostgreSQL, e-mails included), but the keys stay: say so, with how to delete them.
   */
  private async reportUntaggedQueues(): Promise<void> {
    const { redisPrefix } = this.config;
    for (const queue of Object.values(QueueName)) {
      const stale = await this.redis.exists(`${redisPrefix}:${queue}:meta`).catch(() => 0);
      if (stale === 0) continue;
      this.logger.warn(
        `queue "${queue}" has keys under the old prefix "${redisPrefix}:${queue}:" (now "${queuePrefix(redisPrefix)}:${queue}:"); ` +
          `their reminders are re-created from PostgreSQL by the due sweep. Once no older worker runs, delete them: ` +
          `redis-cli --scan --pattern '${redisPrefix}:${queue}:*' | xargs -r redis-cli del`,
      );
    }
  }

  private async checkEvictionPolicy(): Promise<void> {
    // On a cluster every master holds queue keys (or may, after a resharding): ask each.
    const nodes = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis];
    if (nodes.length === 0) {
      this.logger.warn('no Redis Cluster master known yet; make sure every master runs maxmemory-policy noeviction');
      return;
    }
    for (const node of nodes) await this.check(node);
  }

  private async check(node: Redis): Promise<void> {
    let policy: string | undefined;
    try {
      const answer = (await node.config('GET', 'maxmemory-policy')) as string[];
      policy = answer[1];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/unknown command|NOPERM|not allowed|disabled/i.test(message)) {
        this.logger.warn(`cannot read Redis maxmemory-policy (${message}); make sure it is noeviction`);
        return;
      }
      throw error;
    }
    if (policy === undefined) {
      this.logger.warn('Redis did not report maxmemory-policy; make sure it is noeviction');
      return;
    }
    if (policy !== 'noeviction') throw new RedisEvictionPolicyError(policy);
  }
}
