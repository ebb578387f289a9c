import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './load';

/** A built app (dist/) running as a process of its own, as in production. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** Its resident set size now, in MB (from /proc: the process's own memory, not the bench's). */
  rssMb(): number;
  /** The last 10,000 characters it wrote. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts dist/apps/<app>/src/main.js with `env` (no inherited environment but PATH) and `nodeArgs`
 * before the script (e.g. --heapsnapshot-signal).
 */
export function startAppProcess(
  app: 'api' | 'worker',
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): AppProcess {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-10_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    rssMb: () => rssMbOf(child.pid!),
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The resident set size of a process in MB (VmRSS of /proc/<pid>/status). */
export function rssMbOf(pid: number): number {
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kilobytes) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) / 1024;
}

/** Waits until `url` answers 200 (the app is up), at most `timeoutMs`. */
export async function waitForOk(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A free TCP port on loopback (for an app process that must be told its port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
