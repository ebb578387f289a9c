import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server';

/**
 * The load balancer's configuration: round robin over the API processes, each checked on
 * /health/ready every half second (out after 2 failures, back after 2 successes); a request whose
 * connection to a process fails is retried on another (redispatch), never one that reached a
 * process (no retry of a write that may have been applied); timeouts long enough for the event
 * streams (the API sends a heartbeat every 15 s).
 */
export function haproxyConfig(port: number, apiPorts: readonly number[]): string {
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout http-request 10s',
    '  timeout queue 5s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure',
    'frontend api',
    `  bind 127.0.0.1:${port}`,
    '  default_backend apis',
    'backend apis',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    '  default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2',
    ...apiPorts.map((apiPort, index) => `  server api${index} 127.0.0.1:${apiPort} check`),
    '',
  ].join('\n');
}

export interface RunningHaproxy {
  readonly url: string;
  stop(): Promise<void>;
}

/** Debian's HAProxy (scripts/ensure-haproxy.sh) in the foreground on a free loopback port. */
export async function startHaproxy(apiPorts: readonly number[]): Promise<RunningHaproxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'consilium-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(port, apiPorts));
  const child: ChildProcess = spawn('haproxy', ['-db', '-q', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-5_000)));
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once('error', resolve);
    child.once('spawn', () => resolve(null));
  });
  if (spawned) throw new Error(`haproxy did not start (${spawned.message}): run scripts/ensure-haproxy.sh`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited ${child.exitCode}: ${errors}`);
    const answered = await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (answered === 200) break;
    if (Date.now() > deadline)
      throw new Error(`haproxy on port ${port} did not route to an API within 10 s: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
