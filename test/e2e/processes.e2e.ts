import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/constants';
import { scratchCheckpointDir } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { freePort } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/constants';

const API_MAIN = join(ROOT, 'dist/apps/api/src/main.js');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/src/main.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  elapsedMs: number;
}

/** Runs a built entry point with exactly the given environment (no inherited .env values). */
function runProcess(
  main: string,
  env: Record<string, string>,
  options: { until?: RegExp; then?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [main], {
      cwd: join(ROOT, 'test'), // no .env there: only the given variables count
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let signalled = false;
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (options.until && options.then && !signalled && options.until.test(output)) {
        signalled = true;
        child.kill(options.then);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not exit within ${options.timeoutMs ?? 30_000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, elapsedMs: Date.now() - started });
    });
  });
}

describe('API and worker processes', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    if (!existsSync(API_MAIN) || !existsSync(WORKER_MAIN)) {
      throw new Error('dist/ is missing: the test command builds before running the e2e tier (npm test)');
    }
    database = await createTestDatabase('processes');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it.each([
    ['PORT', { PORT: 'not-a-port' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://nope' }],
    ['ACCESS_TOKEN_TTL_SECONDS', { ACCESS_TOKEN_TTL_SECONDS: '3600' }],
    ['JWT_SECRET', { NODE_ENV: 'production', AUDIT_SIGNING_KEY: 'x' }],
  ])('the API refuses an invalid %s: non-zero exit within 5 s, naming the variable', async (variable, env) => {
    const result = await runProcess(API_MAIN, env as Record<string, string>);
    expect(result.code).not.toBe(0);
    expect(result.elapsedMs).toBeLessThan(5_000);
    expect(result.output).toContain(variable);
  });

  it('the worker refuses an invalid configuration the same way', async () => {
    const result = await runProcess(WORKER_MAIN, { REDIS_URL: 'http://not-redis' });
    expect(result.code).not.toBe(0);
    expect(result.elapsedMs).toBeLessThan(5_000);
    expect(result.output).toContain('REDIS_URL');
  });

  it('the API exits non-zero with a clear message when PostgreSQL is unreachable', async () => {
    const deadPort = await freePort();
    const result = await runProcess(API_MAIN, {
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/consilium`,
      REDIS_URL: TEST_REDIS_URL,
      PORT: String(await freePort()),
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/PostgreSQL is unreachable/);
    expect(result.elapsedMs).toBeLessThan(15_000);
  });

  it('the API starts, answers, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const result = await runProcess(
      API_MAIN,
      {
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        PORT: String(port),
        AUDIT_CHECKPOINT_DIR: scratchCheckpointDir(),
      },
      { until: /listening on/, then: 'SIGTERM' },
    );
    expect(result.output).toContain(`listening on http://127.0.0.1:${port}`);
    expect(result.code).toBe(0);
  });

  it('the worker connects to PostgreSQL and Redis and drains on SIGTERM with exit 0', async () => {
    const result = await runProcess(
      WORKER_MAIN,
      { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, AUDIT_CHECKPOINT_DIR: scratchCheckpointDir() },
      { until: /consilium-worker ready/, then: 'SIGTERM' },
    );
    expect(result.output).toContain('consilium-worker ready');
    expect(result.code).toBe(0);
  });
});
