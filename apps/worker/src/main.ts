import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitGracefullyOn, loadConfigOrExit } from '@consilium/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit('consilium-worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Closing the context closes the BullMQ workers, which wait for their active jobs.
  exitGracefullyOn(app, 'consilium-worker', config.shutdownTimeoutMs);
  await app.init();
  console.log('consilium-worker ready');
}

main().catch((error: unknown) => {
  console.error(`consilium-worker: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
