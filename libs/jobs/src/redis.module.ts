import { Global, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { createRedis, type RedisConnection } from './redis';

/**
 * Nest token of the shared Redis client (one Redis or a Redis Cluster, from `createRedis`) for
 * health checks and small commands; not for BullMQ workers. Inject as
 * `@Inject(REDIS_CLIENT) redis: RedisConnection`.
 */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * Waits (briefly) for the connection, so the first requests find it ready. A Redis that is
 * down does not stop the start: readiness reports it and ioredis keeps reconnecting.
 */
async function whenReady(redis: RedisConnection, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
  });
}

@Injectable()
class RedisClientCloser implements OnModuleDestroy {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisConnection) {}

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<RedisConnection> => {
        const redis = createRedis(config, 'producer');
        // Errors surface through commands and health checks; without a listener ioredis would
        // log every reconnect attempt as an unhandled error event.
        redis.on('error', () => undefined);
        await whenReady(redis, 3_000);
        return redis;
      },
    },
    RedisClientCloser,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
