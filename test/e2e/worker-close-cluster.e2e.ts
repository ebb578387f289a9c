import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { hashTag } from '@consilium/jobs';
import { scratchCheckpointDir } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { PrivateRedisCluster, probeNode } from '../support/redis-cluster';
import { spawnWorker, stopProcess, type WorkerProcess } from '../support/worker';
import { eventually } from '../reminders/smtp-sink';

/** Index (in cluster.ports) of the master serving the slot of `key`. */
async function masterOf(admin: Cluster, cluster: PrivateRedisCluster, key: string): Promise<number> {
  const slot = Number(await admin.cluster('KEYSLOT', key));
  const ranges = await admin.cluster('SLOTS');
  const range = ranges.find(([from, to]) => slot >= from && slot <= to);
  const port = range?.[2]?.[1];
  if (port === undefined) throw new Error(`no master serves slot ${slot}`);
  return cluster.ports.indexOf(port);
}

/** CLUSTER INFO's cluster_state as node 127.0.0.1:`port` sees it ('' if it does not answer). */
async function clusterState(port: number): Promise<string> {
  const node = probeNode(port);
  try {
    await node.connect();
    return /cluster_state:(\w+)/.exec(await node.cluster('INFO'))?.[1] ?? '';
  } catch {
    return '';
  } finally {
    node.disconnect();
  }
}

/**
 * Issue 17: the worker's idle BullMQ worker (reminders are claimed from PostgreSQL now) sits in
 * its blocking read when a master of the cluster goes away. After the master is back, SIGTERM
 * must still stop the worker with exit 0, well within its 25 s shutdown timeout, whether the
 * restarted master is the one serving the queue's hash-tagged slot or another one.
 */
describe('the worker on a Redis Cluster whose master restarted', () => {
  const cluster = new PrivateRedisCluster();
  let admin: Cluster;
  let database: TestDatabase;

  beforeAll(async () => {
    [database] = await Promise.all([createTestDatabase('worker_close_cluster'), cluster.start(3)]);
    admin = cluster.client();
  });

  afterAll(async () => {
    admin?.disconnect();
    await cluster.stop();
    await database?.drop();
  });

  const rounds = ['serving the queue slot', 'not serving the queue slot'] as const;

  it.each(rounds)('stops on SIGTERM with exit 0 within 5 s after the master %s restarted', async (which) => {
    const prefix = `close-${randomUUID().slice(0, 8)}`;
    const queueMaster = await masterOf(admin, cluster, hashTag(prefix));
    const victim = which === 'serving the queue slot' ? queueMaster : (queueMaster + 1) % cluster.ports.length;
    let worker: WorkerProcess | undefined;
    try {
      worker = spawnWorker({
        DATABASE_URL: database.url,
        REDIS_CLUSTER_NODES: cluster.nodes,
        REDIS_PREFIX: prefix,
        SERVICE_INSTANCE: `${prefix}-worker`,
        AUDIT_CHECKPOINT_DIR: scratchCheckpointDir(),
      });
      const started = worker;
      await eventually(
        async () => started.output().includes('consilium-worker ready') || started.child.exitCode !== null,
        30_000,
        'the worker',
      );
      expect(started.child.exitCode).toBeNull();
      // The worker's BullMQ worker is idle in its blocking read by now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await cluster.kill(victim);
      // The other masters mark it failed after the 2 s node timeout...
      const witness = cluster.ports[(victim + 1) % cluster.ports.length]!;
      await eventually(async () => (await clusterState(witness)) === 'fail', 15_000, 'the cluster to fail');
      await cluster.restart(victim);
      // ...and ok again once it is back (empty, with its slots).
      await eventually(
        async () => (await Promise.all(cluster.ports.map(clusterState))).every((state) => state === 'ok'),
        20_000,
        'the cluster to be ok again',
      );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const at = Date.now();
      await stopProcess(started.child, 24_000);
      const stoppedMs = Date.now() - at;
      console.log(`worker close after a restart of the master ${which}: SIGTERM to exit ${stoppedMs} ms`);
      expect({ exit: started.child.exitCode, signal: started.child.signalCode }).toEqual({ exit: 0, signal: null });
      expect(stoppedMs).toBeLessThan(5_000);
    } finally {
      if (worker) await stopProcess(worker.child, 1_000);
    }
  });
});
