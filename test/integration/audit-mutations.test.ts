import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  auditLeafHash,
  chainHash,
  ExternalCheckpointLog,
  GENESIS_CHAIN_HASH,
  LEAF_COLUMNS,
  LEAF_FROM,
  leafFieldsOf,
  loadBatches,
  merkleRoot,
  pgRunner,
  verifyAuditLog,
  type AuditEventRow,
  type AuditVerification,
  type Finding,
} from '@consilium/audit';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { insertEvents, sealingRig, type SealingRig } from './audit-fixtures';

/**
 * The mutation suite (issue 5), after transparency-dev's proof tests: a sealed log of 10,000
 * events in 10 batches; each tampering is applied in a transaction with the triggers bypassed
 * (session_replication_role = replica: what a superuser can do), verified, and rolled back.
 * Every mutation must be detected at the exact place it was made.
 */
const EVENTS = 10_000;
const BATCH = 1_000;
const TARGET = 4_321n; // an event in the middle of batch 5

describe('audit log mutation suite', () => {
  let database: TestDatabase;
  let client: Client;
  let rig: SealingRig;

  beforeAll(async () => {
    database = await createTestDatabase('audit_mutations');
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

  const verify = (external: ExternalCheckpointLog = rig.external): Promise<AuditVerification> =>
    verifyAuditLog(pgRunner(client), rig.signer.publicKey, external);
  const eventAt = async (leaf: bigint): Promise<AuditEventRow> =>
    (
      await client.query<AuditEventRow>(`SELECT ${LEAF_COLUMNS} FROM ${LEAF_FROM} WHERE l.leaf_index = $1`, [
        leaf.toString(),
      ])
    ).rows[0]!;
  /** The seq of the event sealed at `leaf` (a subquery). */
  const AT_LEAF = '(SELECT seq FROM audit_leaves WHERE leaf_index = $1)';

  /** Applies `mutate` as a superuser bypassing the triggers, verifies, rolls back. */
  async function tampered(mutate: () => Promise<void>, external?: ExternalCheckpointLog): Promise<Finding | null> {
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL session_replication_role = replica');
      await mutate();
      return (await verify(external)).finding;
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it('finds nothing on the untouched log, and the rollbacks leave it untouched', async () => {
    const report = await verify();
    expect(report.finding).toBeNull();
    expect(report).toMatchObject({
      ok: true,
      leavesVerified: String(EVENTS),
      batchesVerified: EVENTS / BATCH,
      checkpointsVerified: { database: EVENTS / BATCH, external: EVENTS / BATCH },
      unsealedEvents: 0,
    });
  });

  // One byte changed in each column of one event.
  it.each([
    ['id', `id = ((CASE WHEN left(id::text, 1) = 'a' THEN 'b' ELSE 'a' END) || substr(id::text, 2))::uuid`],
    ['recorded_at', `recorded_at = recorded_at + interval '1 millisecond'`],
    ['action', `action = (CASE WHEN action = 'R' THEN 'U' ELSE 'R' END)::"AuditAction"`],
    ['type', `type = overlay(type placing 'K' from 1 for 1)`],
    ['outcome', `outcome = 'MINOR_FAILURE'`],
    ['outcome_desc', `outcome_desc = overlay(outcome_desc placing 'O' from 1 for 1)`],
    [
      'actor_user_id',
      `actor_user_id = ((CASE WHEN left(actor_user_id::text, 1) = 'a' THEN 'b' ELSE 'a' END) || substr(actor_user_id::text, 2))::uuid`,
    ],
    ['actor_roles', `actor_roles = ARRAY['CLINICIAM', 'CHAIR']`],
    [
      'on_behalf_of_id',
      `on_behalf_of_id = ((CASE WHEN left(on_behalf_of_id::text, 1) = 'a' THEN 'b' ELSE 'a' END) || substr(on_behalf_of_id::text, 2))::uuid`,
    ],
    ['source_service', `source_service = overlay(source_service placing 'K' from 1 for 1)`],
    ['source_instance', `source_instance = overlay(source_instance placing 'b' from 1 for 1)`],
    ['network_address', `network_address = overlay(network_address placing '9' from 1 for 1)`],
    ['user_agent', `user_agent = overlay(user_agent placing 'A' from 1 for 1)`],
    ['purpose_of_use', `purpose_of_use = 'TREAX'`],
    ['entity_type', `entity_type = 'cast'`],
    ['entity_id', `entity_id = overlay(entity_id placing 'C' from 1 for 1)`],
    [
      'patient_id',
      `patient_id = ((CASE WHEN left(patient_id::text, 1) = 'a' THEN 'b' ELSE 'a' END) || substr(patient_id::text, 2))::uuid`,
    ],
    [
      'board_id',
      `board_id = ((CASE WHEN left(board_id::text, 1) = 'a' THEN 'b' ELSE 'a' END) || substr(board_id::text, 2))::uuid`,
    ],
    ['request_id', `request_id = overlay(request_id placing 'R' from 1 for 1)`],
    ['changes', `changes = jsonb_set(changes, '{status,new}', '"READX"')`],
    ['detail', `detail = jsonb_set(detail, '{note}', to_jsonb(overlay(detail->>'note' placing 'N' from 1 for 1)))`],
  ])('detects one byte changed in %s and names the event', async (_column, assignment) => {
    const target = await eventAt(TARGET);
    const finding = await tampered(async () => {
      const result = await client.query(`UPDATE audit_events SET ${assignment} WHERE seq = ${AT_LEAF}`, [
        TARGET.toString(),
      ]);
      expect(result.rowCount).toBe(1);
    });
    expect(finding).toMatchObject({
      kind: 'leaf-hash-mismatch',
      leafIndex: TARGET.toString(),
      eventId: expect.any(String) as string,
      batchId: target.batch_id,
    });
    // The id column itself may be the changed one: the finding names the stored (altered) id.
    expect(finding!.eventId!.slice(1)).toBe(target.id.slice(1));
  });

  it('detects one byte changed in the sealed leaf hash and names the event', async () => {
    const target = await eventAt(TARGET);
    const finding = await tampered(() =>
      client
        .query(
          'UPDATE audit_leaves SET leaf_hash = set_byte(leaf_hash, 31, get_byte(leaf_hash, 31) # 1) WHERE leaf_index = $1',
          [TARGET.toString()],
        )
        .then(() => undefined),
    );
    expect(finding).toMatchObject({
      kind: 'leaf-hash-mismatch',
      leafIndex: TARGET.toString(),
      eventId: target.id,
      batchId: target.batch_id,
    });
  });

  it('detects a changed seq (the sealed event is gone from its leaf) and names the leaf', async () => {
    const target = await eventAt(TARGET);
    const finding = await tampered(() =>
      client
        .query(`UPDATE audit_events SET seq = seq + 1000000 WHERE seq = ${AT_LEAF}`, [TARGET.toString()])
        .then(() => undefined),
    );
    expect(finding).toMatchObject({ kind: 'leaf-missing', leafIndex: TARGET.toString(), batchId: target.batch_id });
  });

  it('detects a leaf pointed at another event (seq of the leaf changed)', async () => {
    const target = await eventAt(TARGET);
    const other = await eventAt(TARGET + 1n);
    const finding = await tampered(async () => {
      await client.query('UPDATE audit_leaves SET seq = -seq WHERE leaf_index = $1', [(TARGET + 1n).toString()]);
      await client.query('UPDATE audit_leaves SET seq = $2 WHERE leaf_index = $1', [TARGET.toString(), other.seq]);
    });
    expect(finding).toMatchObject({
      kind: 'leaf-hash-mismatch',
      leafIndex: TARGET.toString(),
      eventId: other.id,
      batchId: target.batch_id,
    });
  });

  it('detects a changed batch_id (the event claims another batch)', async () => {
    const target = await eventAt(TARGET);
    const finding = await tampered(() =>
      client
        .query('UPDATE audit_leaves SET batch_id = batch_id + 1 WHERE leaf_index = $1', [TARGET.toString()])
        .then(() => undefined),
    );
    expect(finding).toMatchObject({
      kind: 'leaf-batch-mismatch',
      leafIndex: TARGET.toString(),
      eventId: target.id,
      batchId: target.batch_id,
    });
  });

  it('detects a deleted event and names its leaf', async () => {
    const target = await eventAt(TARGET);
    const finding = await tampered(() =>
      client.query(`DELETE FROM audit_events WHERE seq = ${AT_LEAF}`, [TARGET.toString()]).then(() => undefined),
    );
    expect(finding).toMatchObject({ kind: 'leaf-missing', leafIndex: TARGET.toString(), batchId: target.batch_id });
    // The same with its leaf row deleted too.
    const both = await tampered(async () => {
      await client.query(`DELETE FROM audit_events WHERE seq = ${AT_LEAF}`, [TARGET.toString()]);
      await client.query('DELETE FROM audit_leaves WHERE leaf_index = $1', [TARGET.toString()]);
    });
    expect(both).toMatchObject({ kind: 'leaf-missing', leafIndex: TARGET.toString(), batchId: target.batch_id });
  });

  it('detects a deleted event whose gap was closed (later leaves renumbered)', async () => {
    const finding = await tampered(async () => {
      await client.query(`DELETE FROM audit_events WHERE seq = ${AT_LEAF}`, [TARGET.toString()]);
      await client.query('DELETE FROM audit_leaves WHERE leaf_index = $1', [TARGET.toString()]);
      await client.query('UPDATE audit_leaves SET leaf_index = -(leaf_index - 1) WHERE leaf_index > $1', [
        TARGET.toString(),
      ]);
      await client.query('UPDATE audit_leaves SET leaf_index = -leaf_index WHERE leaf_index < 0');
    });
    expect(finding).toMatchObject({ kind: 'leaf-missing', leafIndex: TARGET.toString() });
  });

  it('detects a forged event inserted with a valid leaf hash (later leaves renumbered) and names it', async () => {
    const target = await eventAt(TARGET);
    let forgedId = '';
    const finding = await tampered(async () => {
      await client.query('UPDATE audit_leaves SET leaf_index = -(leaf_index + 1) WHERE leaf_index >= $1', [
        TARGET.toString(),
      ]);
      await client.query('UPDATE audit_leaves SET leaf_index = -leaf_index WHERE leaf_index < 0');
      const { rows } = await client.query<{ id: string; seq: string }>(
        `INSERT INTO audit_events (action, type, actor_user_id, source_service, source_instance, entity_type, entity_id)
         VALUES ('D', 'case.delete', gen_random_uuid(), 'consilium-api', 'api-1', 'case', 'forged') RETURNING id::text AS id, seq::text AS seq`,
      );
      forgedId = rows[0]!.id;
      const forged = (
        await client.query<AuditEventRow>(`SELECT ${LEAF_COLUMNS} FROM ${LEAF_FROM} WHERE e.id = $1`, [forgedId])
      ).rows[0]!;
      await client.query('INSERT INTO audit_leaves (leaf_index, seq, batch_id, leaf_hash) VALUES ($1, $2, $3, $4)', [
        TARGET.toString(),
        rows[0]!.seq,
        target.batch_id,
        auditLeafHash(leafFieldsOf(forged, TARGET.toString())),
      ]);
    });
    expect(finding).toMatchObject({
      kind: 'leaf-inserted',
      leafIndex: TARGET.toString(),
      eventId: forgedId,
      batchId: target.batch_id,
    });
  });

  it('detects two swapped events and names the first position', async () => {
    const first = await eventAt(TARGET);
    const second = await eventAt(TARGET + 1_500n); // in the next batch
    const finding = await tampered(async () => {
      // Each event moves with its sealed hash to the other's position and batch.
      await client.query('UPDATE audit_leaves SET leaf_index = -1 WHERE leaf_index = $1', [TARGET.toString()]);
      await client.query('UPDATE audit_leaves SET leaf_index = $1, batch_id = $2 WHERE leaf_index = $3', [
        TARGET.toString(),
        first.batch_id,
        (TARGET + 1_500n).toString(),
      ]);
      await client.query('UPDATE audit_leaves SET leaf_index = $1, batch_id = $2 WHERE leaf_index = -1', [
        (TARGET + 1_500n).toString(),
        second.batch_id,
      ]);
    });
    expect(finding).toMatchObject({
      kind: 'leaf-hash-mismatch',
      leafIndex: TARGET.toString(),
      eventId: second.id,
      batchId: first.batch_id,
    });
  });

  it('detects a truncated tail (last batch, its events and its checkpoint removed) against the external checkpoint', async () => {
    const batches = await loadBatches(pgRunner(client));
    const last = batches[batches.length - 1]!;
    const finding = await tampered(async () => {
      await client.query('DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_leaves WHERE batch_id = $1)', [
        last.id,
      ]);
      await client.query('DELETE FROM audit_leaves WHERE batch_id = $1', [last.id]);
      await client.query('DELETE FROM audit_checkpoints WHERE tree_size > $1', [last.firstLeaf.toString()]);
      await client.query('DELETE FROM audit_batches WHERE id = $1', [last.id]);
    });
    expect(finding).toMatchObject({
      kind: 'log-truncated',
      leafIndex: last.firstLeaf.toString(),
      checkpoint: { source: 'external', treeSize: String(EVENTS) },
    });
  });

  it('detects a whole batch rewritten with recomputed leaves, root and chain (database checkpoints dropped) against the external checkpoint', async () => {
    const batches = await loadBatches(pgRunner(client));
    const index = batches.findIndex(
      (batch) => TARGET >= batch.firstLeaf && TARGET < batch.firstLeaf + BigInt(batch.size),
    );
    const batch = batches[index]!;
    const end = batch.firstLeaf + BigInt(batch.size);
    const finding = await tampered(async () => {
      await client.query(`UPDATE audit_events SET type = 'case.view' WHERE seq = ${AT_LEAF}`, [TARGET.toString()]);
      const rows = (
        await client.query<AuditEventRow>(
          `SELECT ${LEAF_COLUMNS} FROM ${LEAF_FROM} WHERE l.batch_id = $1 ORDER BY l.leaf_index`,
          [batch.id],
        )
      ).rows;
      const hashes = rows.map((row) => auditLeafHash(leafFieldsOf(row)));
      await client.query('UPDATE audit_leaves SET leaf_hash = $1 WHERE leaf_index = $2', [
        hashes[Number(TARGET - batch.firstLeaf)],
        TARGET.toString(),
      ]);
      let previous = index === 0 ? GENESIS_CHAIN_HASH : batches[index - 1]!.chainHash;
      for (const later of batches.slice(index)) {
        const root = later.id === batch.id ? merkleRoot(hashes) : later.root;
        const chain = chainHash(previous, root);
        await client.query('UPDATE audit_batches SET root = $1, prev_chain_hash = $2, chain_hash = $3 WHERE id = $4', [
          root,
          previous,
          chain,
          later.id,
        ]);
        previous = chain;
      }
      await client.query('DELETE FROM audit_checkpoints WHERE tree_size >= $1', [end.toString()]);
    });
    expect(finding).toMatchObject({
      kind: 'checkpoint-root-mismatch',
      batchId: batch.id,
      checkpoint: { source: 'external', treeSize: end.toString() },
    });
    // Without the external log the rewrite would pass: the database alone cannot prove it.
    const alone = await tampered(async () => {
      await client.query(`UPDATE audit_events SET type = 'case.view' WHERE seq = ${AT_LEAF}`, [TARGET.toString()]);
    });
    expect(alone?.kind).toBe('leaf-hash-mismatch');
  });

  it('detects an altered checkpoint signature in the database', async () => {
    const { rows } = await client.query<{ id: string; tree_size: string }>(
      'SELECT id::text AS id, tree_size::text AS tree_size FROM audit_checkpoints ORDER BY audit_checkpoints.tree_size LIMIT 1 OFFSET 3',
    );
    const finding = await tampered(() =>
      client
        .query(
          'UPDATE audit_checkpoints SET signature = set_byte(signature, 10, get_byte(signature, 10) # 1) WHERE id = $1',
          [rows[0]!.id],
        )
        .then(() => undefined),
    );
    expect(finding).toMatchObject({
      kind: 'checkpoint-signature-invalid',
      checkpoint: { source: 'database', id: rows[0]!.id, treeSize: rows[0]!.tree_size },
    });
  });

  it('detects an altered checkpoint signature in the external log and names the line', async () => {
    const copy = new ExternalCheckpointLog(mkdtempSync(join(tmpdir(), 'audit-external-')));
    copyFileSync(rig.external.file, copy.file);
    const lines = readFileSync(copy.file, 'utf8').split('\n');
    const line = JSON.parse(lines[6]!) as { signature: string; treeSize: string };
    const signature = Buffer.from(line.signature, 'base64');
    signature[0]! ^= 1;
    lines[6] = JSON.stringify({ ...line, signature: signature.toString('base64') });
    writeFileSync(copy.file, lines.join('\n'));
    const finding = await tampered(async () => undefined, copy);
    expect(finding).toMatchObject({
      kind: 'checkpoint-signature-invalid',
      checkpoint: { source: 'external', line: 7, treeSize: line.treeSize },
    });
  });
});
