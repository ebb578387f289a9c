import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './constants';

export const WORKER_MAIN = join(ROOT, 'dist/apps/worker/src/main.js');
export const API_MAIN = join(ROOT, 'dist/apps/api/src/main.js');

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The last 20,000 characters it wrote (stdout and stderr). */
  output(): string;
}

/** A process of the given built entry point (see spawnWorker for the environment). */
function spawnBuilt(main: string, env: Record<string, string>): WorkerProcess {
  if (!existsSync(main)) throw new Error('dist/ is missing: run `npm run build` before the e2e tier');
  const child = spawn(process.execPath, [main], {
    cwd: join(ROOT, 'test'),
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, output: () => output };
}

/**
 * The built worker as a process of its own, with the given variables over a quiet test baseline
 * and no inherited environment (cwd test/: no .env there). Pass AUDIT_CHECKPOINT_DIR: a worker
 * seals, and must not append to the checkout's checkpoint file (issue 21).
 */
export function spawnWorker(env: Record<string, string> & { AUDIT_CHECKPOINT_DIR: string }): WorkerProcess {
  return spawnBuilt(WORKER_MAIN, env);
}

/** The built API as a process of its own, the same way (give it PORT: a free port); see spawnApi for one that waits until it listens. */
export function spawnApiProcess(
  env: Record<string, string> & { AUDIT_CHECKPOINT_DIR: string; PORT: string },
): WorkerProcess {
  return spawnBuilt(API_MAIN, env);
}

export interface ApiProcess extends WorkerProcess {
  /** Base URL of the listening server. */
  readonly url: string;
}

/**
 * The built API as a process of its own (environment as spawnWorker), on the given PORT (from
 * freePort()); resolves once it logs that it listens, rejects if it exits or takes too long.
 */
export async function spawnApi(
  env: Record<string, string> & { PORT: string; AUDIT_CHECKPOINT_DIR: string },
  timeoutMs = 30_000,
): Promise<ApiProcess> {
  const api = spawnBuilt(API_MAIN, env);
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + timeoutMs;
  while (!api.output().includes(`listening on ${url}`)) {
    if (api.child.exitCode !== null || Date.now() > deadline) {
      api.child.kill('SIGKILL');
      throw new Error(`the API did not start on ${url}:\n${api.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { ...api, url };
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
