import { config as readDotenv } from 'dotenv';
import { loadConfig, type AppConfig } from './config';

/**
 * Reads `.env` (if present; real environment variables win) and validates the result. The one
 * place in the code base that reads process.env.
 */
export function loadConfigFromEnvironment(): AppConfig {
  const fromFile = readDotenv({ quiet: true, processEnv: {} }).parsed ?? {};
  return loadConfig({ ...fromFile, ...process.env });
}
