import { loadConfig, type AppConfig } from '@consilium/config';
import { TEST_REDIS_URL } from './constants';

/** A validated config for tests: the given database, the test Redis, quiet logs. */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: TEST_REDIS_URL,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...overrides,
  });
}
