import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  auditLeafHash,
  LEAF_COLUMNS,
  LEAF_FROM,
  leafFieldsOf,
  pgRunner,
  verifyAuditLog,
  type AuditEventRow,
  type AuditVerification,
} from '@consilium/audit';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { insertEvents, sealingRig, type SealingRig } from './audit-fixtures';

/**
 * The parallel verifier (leaf hashing in worker threads, each on its own connection in the
 * verifier's exported snapshot) against the sequential one, on an intact log and on committed
 * tamperings that exercise each way a leaf can fail: altered content, a removed event (the next
 * one's hash found one index later) and an inserted one (found one index earlier). The workers
 * run the compiled worker from dist (npm run build).
 */
const EVENTS = 3_000;
const BATCH = 500;
const WORKER_FILE = join(__dirname, '..', '..', 'dist', 'libs', 'audit', 'src', 'store', 'verify-hasher.worker.js');

describe('parallel audit verification', () => {
  let database: TestDatabase;
  let client: Client;
  let rig: SealingRig;

  beforeAll(async () => {
    if (!existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is missing: run npm run build first`);
    database = await createTestDatabase('audit_verify_parallel');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await insertEvents(client, EVENTS);
    rig = sealingRig(client, BATCH);
    expect(await rig.sealer.sealAll()).toBe(EVENTS);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  /** Sequential and parallel reports of the same snapshot, without their durations. */
  async function bothWays(): Promise<{ sequential: AuditVerification; parallel: AuditVerification }> {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const sequential = await verifyAuditLog(pgRunner(client), rig.signer.publicKey, rig.external);
      const parallel = await verifyAuditLog(pgRunner(client), rig.signer.publicKey, rig.external, null, 'set-aside', {
        connectionString: database.url,
        workers: 2,
        workerFile: WORKER_FILE,
      });
      return { sequential: { ...sequential, durationMs: 0 }, parallel: { ...parallel, durationMs: 0 } };
    } finally {
      await client.query('COMMIT');
    }
  }

  /** Commits `statements` as a superuser bypassing the append-only triggers. */
  async function tamper(statements: (tx: Client) => Promise<void>): Promise<void> {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await statements(client);
    await client.query('COMMIT');
  }

  const eventAt = async (leaf: number): Promise<AuditEventRow> =>
    (await client.query<AuditEventRow>(`SELECT ${LEAF_COLUMNS} FROM ${LEAF_FROM} WHERE l.leaf_index = $1`, [leaf]))
      .rows[0]!;

  it('gives the sequential report on the intact log', async () => {
    const { sequential, parallel } = await bothWays();
    expect(sequential).toMatchObject({ ok: true, leavesVerified: String(EVENTS), batchesVerified: EVENTS / BATCH });
    expect(parallel).toEqual(sequential);
  });

  // Each tampering lies before the previous one, so each run's first finding is the newest.
  it('names the same altered event', async () => {
    const target = await eventAt(2_500);
    await tamper(async (tx) => {
      await tx.query(`UPDATE audit_events SET detail = jsonb_set(detail, '{note}', '"altered"') WHERE seq = $1`, [
        target.seq,
      ]);
    });
    const { sequential, parallel } = await bothWays();
    expect(sequential.finding).toMatchObject({ kind: 'leaf-hash-mismatch', leafIndex: '2500', eventId: target.id });
    expect(parallel).toEqual(sequential);
  });

  it('names the same removed event (later leaves renumbered)', async () => {
    const target = await eventAt(1_600);
    await tamper(async (tx) => {
      await tx.query('DELETE FROM audit_leaves WHERE leaf_index = 1600');
      await tx.query('DELETE FROM audit_events WHERE seq = $1', [target.seq]);
      await tx.query('UPDATE audit_leaves SET leaf_index = -(leaf_index - 1) WHERE leaf_index > 1600');
      await tx.query('UPDATE audit_leaves SET leaf_index = -leaf_index WHERE leaf_index < 0');
    });
    const { sequential, parallel } = await bothWays();
    expect(sequential.finding).toMatchObject({ kind: 'leaf-missing', leafIndex: '1600' });
    expect(parallel).toEqual(sequential);
  });

  it('names the same forged event inserted with a valid leaf hash', async () => {
    const target = await eventAt(700);
    let forgedId = '';
    await tamper(async (tx) => {
      await tx.query('UPDATE audit_leaves SET leaf_index = -(leaf_index + 1) WHERE leaf_index >= 700');
      await tx.query('UPDATE audit_leaves SET leaf_index = -leaf_index WHERE leaf_index < 0');
      const { rows } = await tx.query<{ id: string; seq: string }>(
        `INSERT INTO audit_events (action, type, actor_user_id, source_service, source_instance, entity_type, entity_id)
         VALUES ('D', 'case.delete', gen_random_uuid(), 'consilium-api', 'api-1', 'case', 'forged') RETURNING id::text AS id, seq::text AS seq`,
      );
      forgedId = rows[0]!.id;
      const forged = (
        await tx.query<AuditEventRow>(`SELECT ${LEAF_COLUMNS} FROM ${LEAF_FROM} WHERE e.id = $1`, [forgedId])
      ).rows[0]!;
      await tx.query('INSERT INTO audit_leaves (leaf_index, seq, batch_id, leaf_hash) VALUES (700, $1, $2, $3)', [
        rows[0]!.seq,
        target.batch_id,
        auditLeafHash(leafFieldsOf(forged, '700')),
      ]);
    });
    const { sequential, parallel } = await bothWays();
    expect(sequential.finding).toMatchObject({ kind: 'leaf-inserted', leafIndex: '700', eventId: forgedId });
    expect(parallel).toEqual(sequential);
  });
});
