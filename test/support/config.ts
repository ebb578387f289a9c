import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '@consilium/config';
import { TEST_REDIS_URL } from './constants';

/**
 * A validated config for tests: the given database, the test Redis under a prefix of its own
 * (throttle counters and queues of parallel test files never meet), quiet logs.
 */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: TEST_REDIS_URL,
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    PORT: '0',
    ...overrides,
  });
}
