import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@consilium/config';
import { createApp } from '../../apps/api/src/app.factory';
import { createOpenApiDocument } from '../../apps/api/src/openapi';
import { watchResponses } from './response-contract';

export interface RunningApi {
  readonly app: NestFastifyApplication;
  /** Base URL of the listening server (real HTTP on loopback). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Boots the real API stack (same factory as main.ts) on loopback, on the config's PORT (testConfig:
 * 0, an ephemeral port; a test that must know its URL first gives one from freePort()). Every
 * answer is checked against the OpenAPI document (status and body; the test file fails on any
 * mismatch), so the document cannot drift from behaviour.
 */
export async function startApi(config: AppConfig): Promise<RunningApi> {
  const app = await createApp(config);
  watchResponses(app.getHttpAdapter().getInstance(), createOpenApiDocument(app));
  await app.listen({ port: config.http.port, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('API did not bind a TCP port');
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
