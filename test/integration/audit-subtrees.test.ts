import { Client } from 'pg';
import {
  AuditSealer,
  buildInclusionProof,
  checkInclusionProof,
  inclusionProof,
  pgRunner,
  verifyAuditLog,
  type InclusionProof,
  type SqlRunner,
} from '@consilium/audit';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { insertEvents, sealingRig, type SealingRig } from './audit-fixtures';

/**
 * Stored subtree hashes (audit_nodes): inclusion proofs and a restarted sealer read O(log n) of
 * them plus at most two runs of 256 leaf hashes instead of every leaf hash, and still give the
 * paths and roots that the whole tree gives. A log without them (sealed before they existed)
 * or with a wrong one still seals and proves correctly.
 */
const EVENTS = 2_300; // subtrees of 256, 512, 1024 and 2048 leaves, and a ragged right edge
const BATCH = 300;

describe('audit subtrees: O(log n) proofs and sealer restarts', () => {
  let database: TestDatabase;
  let client: Client;
  let rig: SealingRig;
  let leafReads = 0;

  /** A runner that counts the leaf hashes read from audit_leaves. */
  const counting = (): SqlRunner => {
    const inner = pgRunner(client);
    return {
      query: (sql, params) => inner.query(sql, params),
      queryTextRows: async (sql, params) => {
        const rows = await inner.queryTextRows(sql, params);
        if (/FROM audit_leaves WHERE/.test(sql)) leafReads += rows.length;
        return rows;
      },
    };
  };
  const allLeafHashes = async (): Promise<Buffer[]> =>
    (await client.query<{ leaf_hash: Buffer }>('SELECT leaf_hash FROM audit_leaves ORDER BY leaf_index')).rows.map(
      (row) => row.leaf_hash,
    );
  const eventAtLeaf = async (leaf: number): Promise<string> =>
    (
      await client.query<{ id: string }>(
        'SELECT e.id::text AS id FROM audit_leaves l JOIN audit_events e ON e.seq = l.seq WHERE l.leaf_index = $1',
        [leaf],
      )
    ).rows[0]!.id;
  const nodeCount = async (): Promise<number> =>
    Number((await client.query<{ count: string }>('SELECT count(*) AS count FROM audit_nodes')).rows[0]!.count);

  beforeAll(async () => {
    database = await createTestDatabase('audit_subtrees');
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

  it('stores every completed subtree of 256 leaves and more', async () => {
    const { rows } = await client.query<{ level: number; count: string }>(
      'SELECT level, count(*)::text AS count FROM audit_nodes GROUP BY level ORDER BY level',
    );
    expect(rows).toEqual([
      { level: 8, count: String(Math.floor(EVENTS / 256)) },
      { level: 9, count: String(Math.floor(EVENTS / 512)) },
      { level: 10, count: String(Math.floor(EVENTS / 1024)) },
      { level: 11, count: String(Math.floor(EVENTS / 2048)) },
    ]);
  });

  it.each([0, 1, 255, 256, 1_023, 1_500, 2_047, 2_048, EVENTS - 1])(
    'proves leaf %i with the path of the whole tree, reading at most 512 leaf hashes',
    async (leaf) => {
      leafReads = 0;
      const outcome = await buildInclusionProof(counting(), await eventAtLeaf(leaf), rig.signer.publicKey, () => true);
      expect(outcome.status).toBe('ok');
      const proof = (outcome as { proof: InclusionProof }).proof;
      expect(proof.treeSize).toBe(String(EVENTS));
      expect(proof.auditPath).toEqual(inclusionProof(await allLeafHashes(), leaf).map((node) => node.toString('hex')));
      expect(checkInclusionProof(proof, rig.signer.publicKey)).toEqual({ ok: true, failure: null });
      expect(leafReads).toBeLessThanOrEqual(512);
    },
  );

  it('restarts a sealer from the stored subtrees, reading at most 256 leaf hashes, and extends the same tree', async () => {
    leafReads = 0;
    const restarted = new AuditSealer(counting(), rig.signer, rig.external, BATCH);
    await insertEvents(client, 10, EVENTS);
    expect(await restarted.sealAll()).toBe(10);
    expect(leafReads).toBeLessThanOrEqual(256);
    expect(await verifyAuditLog(pgRunner(client), rig.signer.publicKey, rig.external)).toMatchObject({
      ok: true,
      leavesVerified: String(EVENTS + 10),
    });
  });

  /** Tampering as a superuser can (the triggers bypassed), committed: the sealer runs its own transactions. */
  const asSuperuser = async (sql: string): Promise<void> => {
    await client.query('SET session_replication_role = replica');
    try {
      await client.query(sql);
    } finally {
      await client.query('RESET session_replication_role');
    }
  };

  it('restarts on a log without stored subtrees (sealed before audit_nodes) from every leaf, and stores them', async () => {
    const before = await nodeCount();
    await asSuperuser('DELETE FROM audit_nodes');
    await insertEvents(client, 5, EVENTS + 10);
    const restarted = new AuditSealer(pgRunner(client), rig.signer, rig.external, BATCH);
    expect(await restarted.sealAll()).toBe(5);
    expect(await nodeCount()).toBe(before);
    expect(await verifyAuditLog(pgRunner(client), rig.signer.publicKey, rig.external)).toMatchObject({
      ok: true,
      leavesVerified: String(EVENTS + 15),
    });
  });

  it('names a stored subtree hash that no longer matches its leaves when verifying', async () => {
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        'UPDATE audit_nodes SET hash = set_byte(hash, 31, get_byte(hash, 31) # 1) WHERE level = 9 AND index = 2',
      );
      const report = await verifyAuditLog(pgRunner(client), rig.signer.publicKey, rig.external);
      expect(report.finding).toMatchObject({ kind: 'subtree-mismatch', leafIndex: String(2 * 512) });
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('does not extend a tree from a stored subtree that was altered: the signed checkpoint disagrees, so it rebuilds from the leaves (and verification names the node)', async () => {
    await asSuperuser(
      'UPDATE audit_nodes SET hash = set_byte(hash, 0, get_byte(hash, 0) # 1) WHERE level = 11 AND index = 0',
    );
    await insertEvents(client, 5, EVENTS + 20);
    const restarted = new AuditSealer(pgRunner(client), rig.signer, rig.external, BATCH);
    expect(await restarted.sealAll()).toBe(5);
    // Every leaf, batch and checkpoint (the new one too) verifies; only the altered node is named.
    const report = await verifyAuditLog(pgRunner(client), rig.signer.publicKey, rig.external);
    expect(report.finding).toMatchObject({ kind: 'subtree-mismatch', leafIndex: '0' });
    expect(report.leavesVerified).toBe(String(EVENTS + 20));
  });
});
