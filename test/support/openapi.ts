import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createApp } from '../../apps/api/src/app.factory';
import { createOpenApiDocument } from '../../apps/api/src/openapi';
import { testConfig } from './config';
import { createTestDatabase } from './postgres';

export interface DocumentedApp {
  readonly app: NestFastifyApplication;
  /** What /docs-json serves. */
  readonly document: OpenAPIObject;
  close(): Promise<void>;
}

/** The API initialised (not listening) on a fresh database, with its OpenAPI document. */
export async function documentedApp(name: string): Promise<DocumentedApp> {
  const database = await createTestDatabase(name);
  const app = await createApp(testConfig({ DATABASE_URL: database.url }));
  await app.init();
  return {
    app,
    document: createOpenApiDocument(app),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
