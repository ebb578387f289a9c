import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitGracefullyOn, loadConfigOrExit } from '@consilium/config';
import { BULL_CONNECTION, WorkerModule, type BullConnection } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit('consilium-worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Closing the context closes the BullMQ workers, which wait for their active jobs; then their
  // shared Redis Cluster client, if any.
  const bull = app.get<BullConnection>(BULL_CONNECTION);
  exitGracefullyOn(
    {
      close: async () => {
        await app.close();
        await bull.close();
      },
    },
    'consilium-worker',
    config.shutdownTimeoutMs,
  );
  await app.init();
  console.log('consilium-worker ready');
}

main().catch((error: unknown) => {
  console.error(`consilium-worker: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
