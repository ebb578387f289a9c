import 'reflect-metadata';
import { ConfigError, loadConfigFromEnvironment, type AppConfig } from '@consilium/config';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`consilium-api: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  // Graceful shutdown: close Fastify (in-flight requests finish), then the database and Redis
  // clients; a close that hangs is cut off after the configured bound.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`consilium-api: shutdown took longer than ${config.shutdownTimeoutMs} ms, exiting`);
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`consilium-api: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
    });
  }
  await app.listen({ port: config.http.port, host: config.http.host });
  const address = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`;
  console.log(`consilium-api listening on ${address} (docs: ${address}/docs)`);
}

main().catch((error: unknown) => {
  console.error(`consilium-api: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
