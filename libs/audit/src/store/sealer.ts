import { auditLeafHash } from '../core/audit-leaf';
import type { Checkpoint, CheckpointSigner } from '../core/checkpoint';
import { chainHash, CompactRange, GENESIS_CHAIN_HASH, merkleRoot } from '../core/merkle';
import { LEAF_COLUMNS, leafFieldsOf, type AuditEventRow } from './audit-rows';
import type { ExternalCheckpointLog } from './checkpoint-store';
import type { SqlRunner } from './sql-runner';

/** pg advisory lock key of the sealer ("audit" in ASCII): one sealer at a time, cluster-wide. */
export const SEALER_LOCK_KEY = 0x6175646974;
const PAGE = 10_000;

export interface SealedBatch {
  readonly batchId: string;
  readonly firstLeaf: bigint;
  readonly size: number;
  readonly checkpoint: Checkpoint;
}

/**
 * Seals committed audit events into batches (issue 5, "Sealing").
 *
 * Commit order: a round runs in one transaction holding `pg_try_advisory_xact_lock`, so one
 * sealer runs at a time. It takes the unsealed events its snapshot sees, which are exactly the
 * events whose inserting transactions have committed, in `seq` order, and appends them to the
 * log after the last sealed leaf. An event of a transaction still running is invisible, so it is
 * neither sealed nor skipped: it is picked up by the first round after its commit. The log is
 * thus ordered by when events became visible (batch by batch), never reordered afterwards, and
 * no seq watermark exists that a late commit could fall behind.
 *
 * Each batch: leaves = RFC 6962 hash of the RFC 8785 form (with the leaf index), batch root
 * (RFC 6962 MTH), chain = SHA-256(previous chain || root), then a checkpoint over the whole tree
 * (size, RFC 6962 root, time) signed with Ed25519, stored in audit_checkpoints in the same
 * transaction and, after commit, appended to the external checkpoint log.
 */
export class AuditSealer {
  /** Frontier of the sealed tree, kept between rounds; rebuilt when another sealer moved on. */
  private frontier: CompactRange | undefined;

  constructor(
    private readonly db: SqlRunner,
    private readonly signer: CheckpointSigner,
    private readonly external: ExternalCheckpointLog | null,
    private readonly batchSize = 5_000,
  ) {}

  /** Seals one batch; null when there was nothing to seal or another sealer holds the lock. */
  async sealOnce(): Promise<SealedBatch | null> {
    await this.db.query('BEGIN');
    let sealed: SealedBatch | null = null;
    try {
      const [lock] = await this.db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [SEALER_LOCK_KEY]);
      if (lock?.locked) sealed = await this.sealLocked();
      await this.db.query('COMMIT');
    } catch (error) {
      this.frontier = undefined;
      await this.db.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (sealed && this.external) await this.external.append(sealed.checkpoint);
    return sealed;
  }

  /** Seals until no unsealed event is left (tests, benchmarks, catching up at start). */
  async sealAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.sealOnce();
      if (!batch) return total;
      total += batch.size;
    }
  }

  private async sealLocked(): Promise<SealedBatch | null> {
    const [last] = await this.db.query<{ end: string; chain_hash: string }>(
      `SELECT (first_leaf + size)::text AS end, encode(chain_hash, 'hex') AS chain_hash FROM audit_batches ORDER BY audit_batches.first_leaf DESC LIMIT 1`,
    );
    const firstLeaf = last ? BigInt(last.end) : 0n;
    const previousChain = last ? Buffer.from(last.chain_hash, 'hex') : GENESIS_CHAIN_HASH;

    const rows = await this.db.query<AuditEventRow>(`SELECT ${LEAF_COLUMNS} FROM audit_events WHERE leaf_index IS NULL ORDER BY audit_events.seq LIMIT $1`, [this.batchSize]);
    if (rows.length === 0) return null;
    const frontier = (await this.frontierAt(firstLeaf)).clone();

    const leafHashes = rows.map((row, index) => auditLeafHash(leafFieldsOf(row, (firstLeaf + BigInt(index)).toString())));
    for (const leafHash of leafHashes) frontier.append(leafHash);
    const root = merkleRoot(leafHashes);
    const chain = chainHash(previousChain, root);

    const [batch] = await this.db.query<{ id: string }>(
      `INSERT INTO audit_batches (first_leaf, size, root, chain_hash, prev_chain_hash)
       VALUES ($1::bigint, $2::int, decode($3, 'hex'), decode($4, 'hex'), decode($5, 'hex')) RETURNING id::text AS id`,
      [firstLeaf.toString(), rows.length, root.toString('hex'), chain.toString('hex'), previousChain.toString('hex')],
    );
    const batchId = batch.id;
    await this.db.query(
      `UPDATE audit_events AS e SET batch_id = $1::bigint, leaf_index = u.leaf_index, leaf_hash = decode(u.leaf_hash, 'hex')
       FROM unnest($2::bigint[], $3::bigint[], $4::text[]) AS u(seq, leaf_index, leaf_hash) WHERE e.seq = u.seq`,
      [batchId, rows.map((row) => row.seq), rows.map((_row, index) => (firstLeaf + BigInt(index)).toString()), leafHashes.map((hash) => hash.toString('hex'))],
    );
    const checkpoint = this.signer.sign(frontier.size, frontier.root(), new Date());
    await this.db.query(
      `INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, key_id, signature)
       VALUES ($1::bigint, decode($2, 'hex'), $3::timestamptz, $4, decode($5, 'hex'))`,
      [checkpoint.treeSize.toString(), checkpoint.rootHash.toString('hex'), checkpoint.signedAt.toISOString(), checkpoint.keyId, checkpoint.signature.toString('hex')],
    );
    this.frontier = frontier;
    return { batchId, firstLeaf, size: rows.length, checkpoint };
  }

  /** The frontier after `size` leaves: the cached one, or rebuilt from the stored leaf hashes. */
  private async frontierAt(size: bigint): Promise<CompactRange> {
    if (this.frontier?.size === size) return this.frontier;
    const frontier = new CompactRange();
    while (frontier.size < size) {
      const rows = await this.db.query<{ leaf_index: string; leaf_hash: string | null }>(
        `SELECT leaf_index::text AS leaf_index, encode(leaf_hash, 'hex') AS leaf_hash FROM audit_events
         WHERE leaf_index >= $1::bigint AND leaf_index < $2::bigint ORDER BY audit_events.leaf_index LIMIT ${PAGE}`,
        [frontier.size.toString(), size.toString()],
      );
      for (const row of rows) {
        if (BigInt(row.leaf_index) !== frontier.size || row.leaf_hash === null) {
          throw new Error(`cannot extend the audit log: sealed leaf ${frontier.size} is missing or has no hash (run npm run audit:verify)`);
        }
        frontier.append(Buffer.from(row.leaf_hash, 'hex'));
      }
      if (rows.length === 0) throw new Error(`cannot extend the audit log: sealed leaf ${frontier.size} is missing (run npm run audit:verify)`);
    }
    this.frontier = frontier;
    return frontier;
  }
}

/** Seconds since the oldest unsealed event was recorded (0 when everything is sealed). */
export async function oldestUnsealedSeconds(db: SqlRunner): Promise<{ oldestUnsealedSeconds: number; unsealed: number }> {
  const [row] = await db.query<{ age: string | null; count: string }>(
    `SELECT EXTRACT(EPOCH FROM now() - min(recorded_at))::text AS age, count(*)::text AS count FROM audit_events WHERE leaf_index IS NULL`,
  );
  return { oldestUnsealedSeconds: row?.age ? Math.max(0, Number(row.age)) : 0, unsealed: Number(row?.count ?? 0) };
}
