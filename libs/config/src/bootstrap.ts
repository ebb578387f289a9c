import type { AppConfig } from './config';
import { ConfigError } from './config';
import { loadConfigFromEnvironment } from './environment';

/** Loads the configuration or ends the process with EX_CONFIG (78) naming what is wrong. */
export function loadConfigOrExit(service: string): AppConfig {
  try {
    return loadConfigFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${service}: ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
}

/**
 * On SIGTERM/SIGINT: close the application (HTTP server after in-flight requests, queue workers
 * after their active jobs, then database and Redis clients) and exit 0; a close that takes
 * longer than `timeoutMs` exits 1 (unfinished jobs are retried).
 */
export function exitGracefullyOn(app: { close(): Promise<void> }, service: string, timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`${service}: shutdown took longer than ${timeoutMs} ms, exiting`);
        process.exit(1);
      }, timeoutMs).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`${service}: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
    });
  }
}
