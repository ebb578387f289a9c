import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfigFromEnvironment, type AppConfig } from '@consilium/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`consilium-worker: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // SIGTERM/SIGINT: closing the context closes the BullMQ workers, which wait for their active
  // jobs; a drain longer than the configured bound exits anyway (the jobs are retried later).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`consilium-worker: drain took longer than ${config.shutdownTimeoutMs} ms, exiting`);
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`consilium-worker: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
    });
  }
  await app.init();
  console.log('consilium-worker ready');
}

main().catch((error: unknown) => {
  console.error(`consilium-worker: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
