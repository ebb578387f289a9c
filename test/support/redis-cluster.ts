import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { freePort } from './redis-server';

const run = promisify(execFile);

/** A one-shot client of the node at 127.0.0.1:`port` (no retries, errors ignored); connect, then disconnect. */
export function probeNode(port: number): Redis {
  const node = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  node.on('error', () => undefined);
  return node;
}

/**
 * A private Redis Cluster of `masters` redis-server processes (no replicas) on free loopback
 * ports, in a temporary directory, made with `redis-cli --cluster create`. Each node's cluster
 * bus gets a free port of its own (`cluster-port`, Redis 7), so no port is guessed. `stop()`
 * kills every node and removes the directory; call it in afterAll even when start failed.
 */
export class PrivateRedisCluster {
  readonly ports: number[] = [];
  private readonly processes: ChildProcess[] = [];
  private readonly argv: string[][] = [];
  private dir: string | undefined;

  /** `host:port,...`: the value of REDIS_CLUSTER_NODES. */
  get nodes(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  async start(masters = 3, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.dir = mkdtempSync(join(tmpdir(), 'consilium-redis-cluster-'));
    for (let index = 0; index < masters; index += 1) {
      const [port, busPort] = [await freePort(), await freePort()];
      this.ports.push(port);
      this.argv.push([
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-port',
        String(busPort),
        '--cluster-config-file',
        join(this.dir, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        '2000',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        '--maxmemory-policy',
        'noeviction',
      ]);
      this.processes.push(spawn('redis-server', this.argv[index]!, { stdio: 'ignore' }));
    }
    for (const port of this.ports) await this.untilAnswers(port, deadline);
    await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...this.ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { timeout: Math.max(1, deadline - Date.now()) },
    );
    for (const port of this.ports) {
      await this.until(
        port,
        deadline,
        async (node) =>
          /cluster_state:ok/.test(await node.cluster('INFO')) &&
          /cluster_known_nodes:(\d+)/.exec(await node.cluster('INFO'))?.[1] === String(masters),
      );
    }
  }

  /** SIGKILLs node `index` (its data is gone: no persistence; the cluster fails after the 2 s node timeout). */
  async kill(index: number): Promise<void> {
    const child = this.processes[index]!;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Starts node `index` again on its port with its cluster config: it rejoins with its slots, empty. */
  async restart(index: number, timeoutMs = 15_000): Promise<void> {
    await this.kill(index);
    this.processes[index] = spawn('redis-server', this.argv[index]!, { stdio: 'ignore' });
    await this.untilAnswers(this.ports[index]!, Date.now() + timeoutMs);
  }

  /** A cluster client for the test's own checks (the caller disconnects it). */
  client(): Cluster {
    const cluster = new Cluster(
      this.ports.map((port) => ({ host: '127.0.0.1', port })),
      { redisOptions: { maxRetriesPerRequest: 1 } },
    );
    cluster.on('error', () => undefined);
    return cluster;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    this.processes.length = 0;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private untilAnswers(port: number, deadline: number): Promise<void> {
    return this.until(port, deadline, async (node) => (await node.ping()) === 'PONG');
  }

  private async until(port: number, deadline: number, probe: (node: Redis) => Promise<boolean>): Promise<void> {
    while (Date.now() < deadline) {
      const node = probeNode(port);
      try {
        await node.connect();
        if (await probe(node)) return;
      } catch {
        // not up (or not ok) yet
      } finally {
        node.disconnect();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Redis Cluster node 127.0.0.1:${port} not ready in time`);
  }
}
