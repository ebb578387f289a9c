import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { CHECKPOINT_FILE } from '@consilium/audit';
import { insertEvents } from '../integration/audit-fixtures';
import { TEST_REDIS_URL } from '../support/constants';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { spawnWorker, type WorkerProcess } from '../support/worker';
import { eventually } from '../reminders/smtp-sink';
import { startApi } from '../support/api';
import { testConfig } from '../support/config';

/**
 * The built worker with a witness directory and a witness endpoint that is down at first: sealing
 * goes on (the primary checkpoint file grows), the heartbeat shows the witness's backlog and
 * error, and once the endpoint is back every checkpoint reaches it and the witness directory.
 */
describe('audit checkpoint witness (worker process)', () => {
  let database: TestDatabase;
  let client: Client;
  let redis: Redis;
  let server: Server;
  let worker: WorkerProcess | undefined;
  let healthy = false;
  const received: string[] = [];
  const dirs = { checkpoints: '', witness: '' };
  const prefix = `witness-${Date.now()}`;
  const instance = `witness-${process.pid}`;

  beforeAll(async () => {
    database = await createTestDatabase('audit_witness_e2e');
    client = new Client({ connectionString: database.url });
    await client.connect();
    redis = new Redis(TEST_REDIS_URL);
    dirs.checkpoints = mkdtempSync(join(tmpdir(), 'consilium-witness-primary-'));
    dirs.witness = mkdtempSync(join(tmpdir(), 'consilium-witness-copy-'));
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (healthy) received.push(body);
        response.writeHead(healthy ? 204 : 503).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await new Promise((resolve) => server.close(resolve));
    redis?.disconnect();
    await client?.end();
    await database?.drop();
    for (const dir of Object.values(dirs)) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('seals while the endpoint is down, reports it in the heartbeat, delivers every checkpoint in order, and resumes the outbox after a restart', async () => {
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    worker = spawnWorker({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      SERVICE_INSTANCE: instance,
      AUDIT_SIGNING_KEY: signingKey,
      AUDIT_CHECKPOINT_DIR: dirs.checkpoints,
      AUDIT_WITNESS_DIR: dirs.witness,
      AUDIT_WITNESS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`,
    });

    await insertEvents(client, 300);
    const primary = join(dirs.checkpoints, CHECKPOINT_FILE);
    const witnessInHeartbeat = async (): Promise<{
      pending: number;
      delivered: number;
      lastError: string | null;
    } | null> => {
      const beat = JSON.parse((await redis.get(`${prefix}:worker:heartbeat:${instance}`)) ?? '{}') as {
        auditWitness?: { pending: number; delivered: number; lastError: string | null };
      };
      return beat.auditWitness?.lastError ? beat.auditWitness : null;
    };
    expect(await eventually(witnessInHeartbeat, 30_000, 'the witness failure in the heartbeat')).toMatchObject({
      pending: 1,
      delivered: 0,
      lastError: expect.stringMatching(/answered 503$/),
    });
    expect(worker.output()).toMatch(
      /audit checkpoint witness failing \(retried with backoff\): witness http:\/\/127\.0\.0\.1:\d+\/checkpoints answered 503/,
    );

    await insertEvents(client, 10, 300); // sealing goes on meanwhile
    const checkpoints = async (): Promise<string[] | null> =>
      existsSync(primary) && readFileSync(primary, 'utf8').trim().split('\n').length === 2
        ? readFileSync(primary, 'utf8').trim().split('\n')
        : null;
    await eventually(checkpoints, 20_000, 'a second checkpoint while the witness is down');
    healthy = true;
    await eventually(async () => received.length === 2, 90_000, 'both checkpoints at the endpoint');
    const lines = readFileSync(primary, 'utf8').trim().split('\n');
    expect(received).toEqual(lines);
    expect(readFileSync(join(dirs.witness, CHECKPOINT_FILE), 'utf8').trim().split('\n')).toEqual(lines);

    // A witness that is down again does not hold up shutdown (its backoff pause is not waited for).
    healthy = false;
    await insertEvents(client, 10, 310);
    await eventually(async () => ((await witnessInHeartbeat())?.pending ?? 0) > 0, 30_000, 'the witness failing again');
    await new Promise((resolve) => setTimeout(resolve, 8_000)); // the backoff pause is now seconds long
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => worker?.child.once('exit', resolve));
    worker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(2_000);

    // What the stopped worker had not delivered is in the outbox, with its failure, and /health/ready says so.
    const outbox = async (): Promise<{ tree_size: string; attempts: number; last_error: string | null }[]> =>
      (
        await client.query<{ tree_size: string; attempts: number; last_error: string | null }>(
          'SELECT tree_size::text AS tree_size, attempts, last_error FROM audit_witness_outbox ORDER BY tree_size',
        )
      ).rows;
    const waiting = await outbox();
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting[0]).toMatchObject({
      attempts: expect.any(Number),
      last_error: expect.stringMatching(/answered 503$/),
    });
    expect(waiting[0]!.attempts).toBeGreaterThan(0);
    const witnessUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`;
    const api = await startApi(
      testConfig({
        DATABASE_URL: database.url,
        AUDIT_CHECKPOINT_DIR: dirs.checkpoints,
        AUDIT_WITNESS_DIR: dirs.witness,
        AUDIT_WITNESS_URL: witnessUrl,
        AUDIT_SIGNING_KEY: signingKey,
      }),
    );
    try {
      const ready = async (): Promise<Record<string, unknown>> =>
        (
          (await (await fetch(`${api.url}/health/ready`)).json()) as {
            details: { auditWitness: Record<string, unknown> };
          }
        ).details.auditWitness;
      expect(await ready()).toMatchObject({
        status: 'up',
        configured: true,
        answering: false,
        pending: waiting.length,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        dir: dirs.witness,
        lastError: expect.stringMatching(/answered 503$/),
      });
      expect((await ready()).lagSeconds).toEqual(expect.any(Number));

      // A new worker resumes them once the endpoint accepts: every checkpoint of the primary file reaches it, in order, and the outbox empties.
      healthy = true;
      worker = spawnWorker({
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        SERVICE_INSTANCE: instance,
        AUDIT_SIGNING_KEY: signingKey,
        AUDIT_CHECKPOINT_DIR: dirs.checkpoints,
        AUDIT_WITNESS_DIR: dirs.witness,
        AUDIT_WITNESS_URL: witnessUrl,
      });
      await eventually(async () => (await outbox()).length === 0, 30_000, 'the outbox emptied by the restarted worker');
      const all = readFileSync(primary, 'utf8').trim().split('\n');
      expect(received).toEqual(all);
      expect(readFileSync(join(dirs.witness, CHECKPOINT_FILE), 'utf8').trim().split('\n')).toEqual(all);
      expect(await ready()).toMatchObject({
        status: 'up',
        configured: true,
        answering: true,
        pending: 0,
        lagSeconds: 0,
      });
    } finally {
      await api.close();
    }
  }, 180_000);
});
