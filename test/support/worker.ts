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

/**
 * The built worker as a process of its own, with the given variables over a quiet test baseline
 * and no inherited environment (cwd test/: no .env there). Pass AUDIT_CHECKPOINT_DIR: a worker
 * seals, and must not append to the checkout's checkpoint file (issue 21).
 */
export function spawnWorker(env: Record<string, string> & { AUDIT_CHECKPOINT_DIR: string }): WorkerProcess {
  return spawnBuilt(WORKER_MAIN, env);
}

/** The built API as a process of its own, the same way (give it PORT: a free port). */
export function spawnApiProcess(env: Record<string, string> & { AUDIT_CHECKPOINT_DIR: string; PORT: string }): WorkerProcess {
  return spawnBuilt(API_MAIN, env);
}

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
