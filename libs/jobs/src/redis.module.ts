import { Global, Inject, Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { redisConnectionOptions } from './redis';

/** A shared ioredis client for health checks and small commands (not for BullMQ workers). */
@Injectable()
export class RedisClient extends Redis implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({ ...redisConnectionOptions(config.redisUrl, 'producer'), lazyConnect: false });
    // Errors surface through commands and health checks; without a listener ioredis would log
    // every reconnect attempt as an unhandled error event.
    this.on('error', () => undefined);
  }

  /**
   * Waits (briefly) for the connection, so the first requests find it ready. A Redis that is
   * down does not stop the start: readiness reports it and ioredis keeps reconnecting.
   */
  async onModuleInit(): Promise<void> {
    if (this.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, 3_000);
      this.once('ready', done);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.disconnect();
  }

  /** True when Redis answers PING. */
  async isReachable(): Promise<boolean> {
    try {
      return (await this.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
}

@Global()
@Module({ providers: [RedisClient], exports: [RedisClient] })
export class RedisModule {}
