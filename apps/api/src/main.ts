import 'reflect-metadata';
import { exitGracefullyOn, loadConfigOrExit } from '@consilium/config';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfigOrExit('consilium-api');
  const app = await createApp(config);
  exitGracefullyOn(app, 'consilium-api', config.shutdownTimeoutMs);
  await app.listen({ port: config.http.port, host: config.http.host });
  const address = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`;
  console.log(`consilium-api listening on ${address} (docs: ${address}/docs)`);
}

main().catch((error: unknown) => {
  console.error(`consilium-api: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
