import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { RedisClient } from '@consilium/jobs';

/**
 * One round trip: count the hit in a fixed window and, once over the limit, block the key for
 * blockDuration. Shared by every API instance (an in-memory store would let an attacker
 * multiply the limit by the number of instances). @nest-lab/throttler-storage-redis does the
 * same but does not support Nest 12 yet.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, ttl, blocked }
`;

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Per-process counters used only while Redis is unreachable (degraded, still limited). */
  private readonly fallback = new Map<string, { hits: number; expiresAt: number; blockedUntil: number }>();

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const base = `${this.config.redisPrefix}:throttle:${throttlerName}:${key}`;
    const block = blockDuration > 0 ? blockDuration : ttl;
    let counted: [number, number, number];
    try {
      counted = (await this.redis.eval(INCREMENT, 2, `${base}:hits`, `${base}:blocked`, ttl, limit, block)) as [number, number, number];
    } catch {
      counted = this.incrementLocally(base, ttl, limit, block);
    }
    const [hits, ttlMs, blockedMs] = counted;
    const isBlocked = blockedMs > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil(blockedMs / 1000) : 0,
    };
  }

  private incrementLocally(key: string, ttl: number, limit: number, block: number): [number, number, number] {
    const now = Date.now();
    let entry = this.fallback.get(key);
    if (!entry || entry.expiresAt <= now) {
      entry = { hits: 0, expiresAt: now + ttl, blockedUntil: entry?.blockedUntil ?? 0 };
      this.fallback.set(key, entry);
    }
    entry.hits += 1;
    if (entry.blockedUntil <= now && entry.hits > limit) entry.blockedUntil = now + block;
    if (this.fallback.size > 10_000) {
      for (const [other, value] of this.fallback) if (value.expiresAt <= now && value.blockedUntil <= now) this.fallback.delete(other);
    }
    return [entry.hits, entry.expiresAt - now, Math.max(0, entry.blockedUntil - now)];
  }
}
