import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { AppConfig } from '@consilium/config';

/** One Redis or a Redis Cluster: every client of the API and the worker is one of these. */
export type RedisConnection = Redis | Cluster;

/**
 * `producer`: fails fast while Redis is down (requests and enqueues get an error, not a wait).
 * `worker`: BullMQ workers and subscribers, which wait through a reconnect
 * (`maxRetriesPerRequest: null` is required by BullMQ workers).
 */
export type RedisRole = 'producer' | 'worker';

/**
 * ioredis options for BullMQ from a redis:// URL. `maxRetriesPerRequest: null` is required by
 * BullMQ workers; `enableOfflineQueue: false` makes producers fail fast while Redis is down.
 */
export function redisConnectionOptions(redisUrl: string, role: RedisRole): RedisOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}

/**
 * ioredis Cluster options with the same semantics per role as `redisConnectionOptions`: the
 * credentials, TLS, timeouts and per-request retries go to every node; the offline queue and
 * the reconnect back-off belong to the cluster client.
 */
export function redisClusterOptions(redisUrl: string, role: RedisRole): ClusterOptions {
  const {
    host: _host,
    port: _port,
    db: _db,
    enableOfflineQueue,
    retryStrategy,
    ...perNode
  } = redisConnectionOptions(redisUrl, role);
  return {
    redisOptions: perNode,
    enableOfflineQueue,
    clusterRetryStrategy: retryStrategy,
    // A TLS cluster announces node addresses the certificate may not name: keep the seed's name.
    dnsLookup: (address, callback) => callback(null, address),
    slotsRefreshTimeout: 2_000,
  };
}

/**
 * THE factory of Redis clients: a Cluster client when REDIS_CLUSTER_NODES is set, else a client
 * of REDIS_URL. The caller owns the client (disconnects it when done).
 */
export function createRedis(
  config: Pick<AppConfig, 'redisUrl' | 'redisClusterNodes'>,
  role: RedisRole,
  extra: { lazyConnect?: boolean } = {},
): RedisConnection {
  if (config.redisClusterNodes.length > 0) {
    return new Cluster(
      config.redisClusterNodes.map((node) => ({ host: node.host, port: node.port })),
      { ...redisClusterOptions(config.redisUrl, role), lazyConnect: extra.lazyConnect ?? false },
    );
  }
  return new Redis({ ...redisConnectionOptions(config.redisUrl, role), lazyConnect: extra.lazyConnect ?? false });
}

/**
 * The `connection` BullMQ gets: plain options on a single Redis (BullMQ opens and closes its own
 * clients, as before), one Cluster client on a cluster (BullMQ takes a cluster only as a client;
 * it shares it between queues and duplicates it for each worker's blocking reads). `close`
 * disconnects that cluster client; call it after the queues and workers are closed.
 */
export function bullConnection(
  config: Pick<AppConfig, 'redisUrl' | 'redisClusterNodes'>,
  role: RedisRole,
): { readonly connection: RedisOptions | Cluster; close(): Promise<void> } {
  if (config.redisClusterNodes.length === 0)
    return { connection: redisConnectionOptions(config.redisUrl, role), close: async () => undefined };
  const cluster = createRedis(config, role) as Cluster;
  cluster.on('error', () => undefined);
  return { connection: cluster, close: () => closeRedis(cluster) };
}

/** Quits politely (pending replies arrive), or drops the connection if Redis does not answer. */
export async function closeRedis(client: RedisConnection): Promise<void> {
  if (client.status === 'end') return;
  try {
    await Promise.race([
      client.quit(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('quit timed out')), 1_000).unref()),
    ]);
  } catch {
    client.disconnect();
  }
}

/**
 * A Redis Cluster hash tag (Redis Cluster specification, "Hash tags"): only the part between
 * the first `{` and `}` is hashed, so keys built on `hashTag(x)` all land on one slot, which
 * multi-key commands, Lua scripts and pipelines over several keys need. REDIS_PREFIX cannot
 * hold braces (libs/config), so the tag is exactly the given text.
 */
export function hashTag(text: string): string {
  return `{${text}}`;
}

/**
 * BullMQ's key prefix: the deployment's prefix as a hash tag (BullMQ "Redis Cluster" guide), so
 * every key of every queue (`{consilium}:reminders:...`, `{consilium}:mail:...`) is on one slot,
 * on a single Redis as on a cluster.
 */
export function queuePrefix(redisPrefix: string): string {
  return hashTag(redisPrefix);
}
