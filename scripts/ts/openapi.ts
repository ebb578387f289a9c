/**
 * Prints the API's OpenAPI document (what /docs-json serves) without listening on a port:
 *   node dist/scripts/ts/openapi.js > openapi.json
 * The web client's types are generated from it (`npm run openapi`).
 */
import { loadConfig } from '@consilium/config';
import { createApp } from '../../apps/api/src/app.factory';
import { createOpenApiDocument } from '../../apps/api/src/openapi';

async function main(): Promise<void> {
  const app = await createApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
  // Exit once written rather than app.close(): the app was never initialised, and closing the
  // queue connections it is still opening makes ioredis throw after the document is out.
  process.stdout.write(`${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
