import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@consilium/config';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/**
 * The in-process worker (the WorkerModule the worker's main.ts boots), initialised on `config`,
 * silent: the one place tests (test/support/stack.ts re-exports it) and benches start it. Here,
 * not in test/support, because the build compiles bench/ but not test/ and this must not pull
 * jest. The worker as a process of its own is spawnWorker (test/support/worker.ts).
 */
export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
  await worker.init();
  return worker;
}
