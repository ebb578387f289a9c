import { createHash } from 'node:crypto';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { REDIS_CLIENT, hashTag, type RedisConnection } from '@consilium/jobs';

/**
 * Login failure limits (OWASP Authentication Cheat Sheet, "Account Lockout": throttle by
 * account and address rather than locking the account).
 */
export const LOGIN_LIMITS = {
  /** Failures of one (account, address) pair before back-off starts. */
  freeFailures: 5,
  /** Back-off after the first failure past the free ones; it doubles with each further one. */
  firstBackoffMs: 1_000,
  maxBackoffMs: 15 * 60_000,
  /** Failures from one address over all accounts per window (credential stuffing). */
  perAddress: 50,
  /**
   * Failures on one account over all addresses per window. Past it the account is not locked:
   * each address that already failed on it waits for the window's end; an address that has
   * not failed on it may still try (the right password from a new address still works).
   */
  perAccount: 100,
  windowMs: 15 * 60_000,
} as const;

export type LoginLimit = 'pair' | 'address' | 'account';

export type LoginAttempt =
  | { readonly allowed: true; readonly keys: readonly string[] }
  | {
      readonly allowed: false;
      readonly limit: LoginLimit;
      readonly retryAfterSeconds: number;
      readonly firstRefusal: boolean;
    };

/**
 * One atomic step per attempt: refuse it, or charge it as a failure before the password is
 * checked (so parallel attempts cannot slip past the count); a success refunds the charge.
 * KEYS: pair hash {f: failures, u: blocked until, ms}, address counter, account counter, and
 * the three refusal markers. ARGV: the limits of LOGIN_LIMITS.
 */
const BEGIN = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local free, first, max, perAddress, perAccount, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local failures = tonumber(redis.call('HGET', KEYS[1], 'f') or '0')
local blockedUntil = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
local function refuse(limit, marker, ms)
  local fresh = redis.call('SET', marker, '1', 'NX', 'PX', math.max(ms, 1))
  return { limit, ms, fresh and 1 or 0 }
end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= perAddress then return refuse('address', KEYS[5], redis.call('PTTL', KEYS[2])) end
if blockedUntil > now then return refuse('pair', KEYS[4], blockedUntil - now) end
if failures > 0 and tonumber(redis.call('GET', KEYS[3]) or '0') >= perAccount then return refuse('account', KEYS[6], redis.call('PTTL', KEYS[3])) end
failures = failures + 1
local backoff = 0
if failures > free then backoff = math.min(first * 2 ^ (failures - free - 1), max) end
redis.call('HSET', KEYS[1], 'f', failures, 'u', now + backoff)
redis.call('PEXPIRE', KEYS[1], backoff + window)
for i = 2, 3 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], window) end
end
return { 'ok', 0, 0 }
`;

/** A success: the pair starts afresh; the charge is taken back from the windows still open. */
const SUCCEED = `
redis.call('DEL', KEYS[1])
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 1
`;

/** IPv6 clients are counted per /64 (one subscriber's usual allocation), IPv4 per address. */
export function addressBucket(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${parsed.toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}

/** Redis-backed login failure counting, shared by every API instance. */
@Injectable()
export class LoginLimiter {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Refuses the attempt or charges it as a failure (refunded by `succeeded`). */
  async begin(email: string, address: string): Promise<LoginAttempt> {
    // One script touches the pair, the address and the account keys: on a Redis Cluster they must
    // share a slot. A per-pair tag cannot hold the address and account counts (shared by every
    // pair), so all login keys of the deployment share one tag: sign-in traffic is small.
    const base = hashTag(`${this.config.redisPrefix}:login`);
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
    const from = addressBucket(address);
    const keys = [`${base}:pair:${account}:${from}`, `${base}:address:${from}`, `${base}:account:${account}`];
    const markers = keys.map((key) => `${key}:refused`);
    const { freeFailures, firstBackoffMs, maxBackoffMs, perAddress, perAccount, windowMs } = LOGIN_LIMITS;
    let counted: [LoginLimit | 'ok', number, number];
    try {
      counted = (await this.redis.eval(
        BEGIN,
        6,
        ...keys,
        ...markers,
        freeFailures,
        firstBackoffMs,
        maxBackoffMs,
        perAddress,
        perAccount,
        windowMs,
      )) as typeof counted;
    } catch (error) {
      // Without the shared counts every instance would allow unlimited guesses: refuse instead.
      throw new ServiceUnavailableException('Sign-in is unavailable for a moment. Try again later.', { cause: error });
    }
    const [limit, ms, fresh] = counted;
    if (limit === 'ok') return { allowed: true, keys };
    return { allowed: false, limit, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)), firstRefusal: fresh === 1 };
  }

  async succeeded(attempt: Extract<LoginAttempt, { allowed: true }>): Promise<void> {
    await this.redis.eval(SUCCEED, 3, ...attempt.keys);
  }
}
