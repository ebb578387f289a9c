import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import {
  CheckpointSigner,
  checkpointToLine,
  CheckpointWitness,
  pgRunner,
  SqlWitnessOutbox,
  witnessBacklog,
  type Checkpoint,
} from '@consilium/audit';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const until = async (probe: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * The HTTP witness's persistent outbox (issue 21): a real HTTP endpoint that refuses, then
 * accepts. What was not accepted stays in audit_witness_outbox with its failure, survives the
 * witness (a worker restart), and a new witness delivers it, in order, before what comes next.
 */
describe('checkpoint witness outbox (real HTTP endpoint, real PostgreSQL)', () => {
  let database: TestDatabase;
  let client: Client;
  let server: Server;
  let url: string;
  let accepting = false;
  const accepted: string[] = [];
  let refused = 0;
  const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
  const logId = randomUUID();
  const checkpoint = (treeSize: number): Checkpoint =>
    signer.sign(logId, BigInt(treeSize), Buffer.alloc(32, treeSize), new Date());

  beforeAll(async () => {
    database = await createTestDatabase('witness_outbox');
    client = new Client({ connectionString: database.url });
    await client.connect();
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (accepting) accepted.push(body);
        else refused += 1;
        response.writeHead(accepting ? 204 : 503).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/witness`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await client?.end();
    await database?.drop();
  });

  it('keeps refused checkpoints with their failure across a restart and delivers them once the endpoint accepts', async () => {
    const outbox = new SqlWitnessOutbox(pgRunner(client));
    const first = new CheckpointWitness(undefined, url, { startingDelayMs: 10, maxDelayMs: 40, outbox });
    const [four, eight, twelve] = [checkpoint(4), checkpoint(8), checkpoint(12)];
    first.witness(four);
    first.witness(eight);
    await until(async () => (await witnessBacklog(pgRunner(client))).attempts >= 2, 'two refused attempts recorded');
    await first.stop();
    const backlog = await witnessBacklog(pgRunner(client));
    expect(backlog).toMatchObject({ pending: 2, lastError: `witness ${url} answered 503` });
    expect(backlog.attempts).toBeGreaterThanOrEqual(2);
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(accepted).toEqual([]);

    // The endpoint accepts; a new witness (the restarted worker) resumes the outbox before a new checkpoint.
    accepting = true;
    const second = new CheckpointWitness(undefined, url, { startingDelayMs: 10, maxDelayMs: 40, outbox });
    await second.start();
    second.witness(twelve);
    await until(
      async () => (await witnessBacklog(pgRunner(client))).pending === 0 && accepted.length >= 3,
      'the outbox delivered',
    );
    await second.settle();
    // Each line as signed (the one stored before the restart), in signing order, once.
    expect(accepted).toEqual([four, eight, twelve].map(checkpointToLine));
    expect(await witnessBacklog(pgRunner(client))).toEqual({
      pending: 0,
      lagSeconds: 0,
      attempts: 0,
      lastError: null,
      lastAttemptAt: null,
    });
    expect(second.status()).toMatchObject({ pending: 0, delivered: 3, lastError: null });
    await second.stop();
  });
});
