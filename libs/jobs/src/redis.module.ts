import { Global, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { redisConnectionOptions } from './redis';

/** A shared ioredis client for health checks and small commands (not for BullMQ workers). */
@Injectable()
export class RedisClient extends Redis implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({ ...redisConnectionOptions(config.redisUrl, 'producer'), lazyConnect: false });
    // Errors surface through commands and health checks; without a listener ioredis would log
    // every reconnect attempt as an unhandled error event.
    this.on('error', () => undefined);
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
