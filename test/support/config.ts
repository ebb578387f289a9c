import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@consilium/config';
import { TEST_REDIS_URL } from './constants';

/**
 * A checkpoint directory of the test's own: tests never append to the checkout's
 * AUDIT_CHECKPOINT_DIR, where a running demo's log keeps its checkpoints (issue 21).
 */
export const scratchCheckpointDir = (): string => mkdtempSync(join(tmpdir(), 'consilium-test-checkpoints-'));

/**
 * A validated config for tests: the given database, the test Redis under a prefix of its own
 * (throttle counters and queues of parallel test files never meet), quiet logs, a temporary
 * checkpoint directory.
 */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: TEST_REDIS_URL,
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    PORT: '0',
    AUDIT_CHECKPOINT_DIR: scratchCheckpointDir(),
    ...overrides,
  });
}
