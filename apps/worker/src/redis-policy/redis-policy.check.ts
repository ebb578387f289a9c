import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { RedisClient } from '@consilium/jobs';

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
 * At start: refuse to run unless Redis' maxmemory-policy is noeviction. Where CONFIG is not
 * allowed (managed Redis), warn and go on: the due-reminder sweep still restores lost jobs.
 */
@Injectable()
export class RedisPolicyCheck implements OnModuleInit {
  private readonly logger = new Logger(RedisPolicyCheck.name);

  constructor(private readonly redis: RedisClient) {}

  async onModuleInit(): Promise<void> {
    let policy: string | undefined;
    try {
      const answer = (await this.redis.config('GET', 'maxmemory-policy')) as string[];
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
