import { verifyCheckpointSignature, type Checkpoint, type CheckpointSigner } from '../core/checkpoint';
import {
  chainHash,
  CompactRange,
  GENESIS_CHAIN_HASH,
  merkleRoot,
  perfectSubtrees,
  type SubtreeHash,
} from '../core/merkle';
import { LEAF_COLUMN, LEAF_COLUMNS, leafHashOfTextRow, leafTextRows } from './audit-rows';
import { ensureLogId, type ExternalCheckpointLog } from './checkpoint-store';
import type { CheckpointWitness } from './checkpoint-witness';
import type { SqlRunner } from './sql-runner';
import { frontierFromLeaves, storeSubtrees, subtreeHashes } from './subtrees';
import { CHECKPOINT_COLUMNS, checkpointOf, type CheckpointRow } from './verify';

/** pg advisory lock key of the sealer ("audit" in ASCII): one sealer at a time, cluster-wide. */
export const SEALER_LOCK_KEY = 0x6175646974;

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
 * sealer runs at a time. It takes the unsealed events (no audit_leaves row) its snapshot sees,
 * which are exactly the events whose inserting transactions have committed, in `seq` order, and
 * appends them to the log after the last sealed leaf. An event of a transaction still running is
 * invisible, so it is neither sealed nor skipped: it is picked up by the first round after its
 * commit, and appended after the then current end even if its seq is lower than sealed ones. The
 * log is thus ordered by when events became visible (batch by batch), never reordered afterwards.
 * Results go to audit_leaves (one INSERT ... SELECT FROM unnest per batch): audit_events is
 * never updated.
 *
 * Finding the unsealed events cheaply: the anti-join only looks at seq > `settledSeq`, a
 * watermark below which every event is known sealed. The watermark only moves past a seq once
 * no transaction that could still commit an event with that seq is running: each round notes
 * the sequence's last value and the virtual transactions then holding a lock on audit_events
 * (an inserter takes it before it draws its seq), and a later round settles that value once all
 * of them are gone. A late commit whose seq is below sealed ones is therefore still found.
 * (Assumes the seq sequence is not cached per session, Prisma's default CACHE 1.)
 *
 * Each batch: leaves = RFC 6962 hash of the RFC 8785 form (with the leaf index), batch root
 * (RFC 6962 MTH), chain = SHA-256(previous chain || root), then a checkpoint over the whole tree
 * (size, RFC 6962 root, time) signed with Ed25519, stored in audit_checkpoints in the same
 * transaction and, after commit, appended to the external checkpoint log. The perfect subtrees
 * of 256 leaves and more that the batch completes go to audit_nodes (subtrees.ts), for O(log n)
 * proofs and restarts.
 */
export class AuditSealer {
  /** Frontier of the sealed tree, kept between rounds; rebuilt when another sealer moved on. */
  private frontier: CompactRange | undefined;
  /** Every event with seq <= settledSeq is sealed (or will never exist). */
  private settledSeq = 0n;
  /** This log's id (audit_log_identity), read or created by the first batch. */
  private logId: string | undefined;
  /** Sequence values not settled yet, each with the transactions that may still commit below it. */
  private pending: { readonly seq: bigint; readonly lockers: ReadonlySet<string> }[] = [];

  constructor(
    private readonly db: SqlRunner,
    private readonly signer: CheckpointSigner,
    private readonly external: ExternalCheckpointLog | null,
    private readonly batchSize = 5_000,
    private readonly witness: CheckpointWitness | null = null,
  ) {}

  /** Seals one batch; null when there was nothing to seal or another sealer holds the lock. */
  async sealOnce(): Promise<SealedBatch | null> {
    await this.db.query('BEGIN');
    let sealed: SealedBatch | null = null;
    try {
      const [lock] = await this.db.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1::bigint) AS locked',
        [SEALER_LOCK_KEY],
      );
      let settle: (() => void) | undefined;
      if (lock?.locked) [sealed, settle] = await this.sealLocked();
      await this.db.query('COMMIT');
      settle?.();
    } catch (error) {
      this.frontier = undefined;
      await this.db.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (sealed && this.external) await this.external.append(sealed.checkpoint);
    // The witness is a second, independent copy: its failure is its own to report, never the sealer's.
    if (sealed) this.witness?.witness(sealed.checkpoint);
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

  /** Lock holders on audit_events other than this session (virtual transaction ids). */
  private async auditEventLockers(): Promise<Set<string>> {
    const rows = await this.db.query<{ vxid: string }>(
      `SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks WHERE locktype = 'relation' AND relation = 'audit_events'::regclass AND pid IS DISTINCT FROM pg_backend_pid()`,
    );
    return new Set(rows.map((row) => row.vxid));
  }

  /** Seals one batch; the returned callback records the watermark once the round has committed. */
  private async sealLocked(): Promise<[SealedBatch | null, () => void]> {
    // Settle the pending sequence values whose possible writers have all finished. Checked before
    // the events are read, so every event at or below a settled value is visible to that read.
    const lockers = this.pending.length > 0 ? await this.auditEventLockers() : new Set<string>();
    let settled = this.settledSeq;
    let pendingLeft = this.pending;
    const firstBusy = this.pending.findIndex((entry) => [...entry.lockers].some((vxid) => lockers.has(vxid)));
    const done = firstBusy < 0 ? this.pending.length : firstBusy;
    const lastDone = this.pending[done - 1]; // undefined when none is done (done === 0)
    if (lastDone) {
      settled = lastDone.seq > settled ? lastDone.seq : settled;
      pendingLeft = this.pending.slice(done);
    }
    // Then note the sequence's current value and who may still commit at or below it.
    const [current] = await this.db.query<{ seq: string }>(
      `SELECT (CASE WHEN is_called THEN last_value ELSE last_value - 1 END)::text AS seq FROM audit_events_seq_seq`,
    );
    const noted = { seq: BigInt(current?.seq ?? '0'), lockers: await this.auditEventLockers() };

    const [last] = await this.db.query<{ end: string; chain_hash: string }>(
      `SELECT (first_leaf + size)::text AS end, encode(chain_hash, 'hex') AS chain_hash FROM audit_batches ORDER BY audit_batches.first_leaf DESC LIMIT 1`,
    );
    const firstLeaf = last ? BigInt(last.end) : 0n;
    const previousChain = last ? Buffer.from(last.chain_hash, 'hex') : GENESIS_CHAIN_HASH;

    const from = this.settledSeq;
    // The anti-join is bounded on both sides (l.seq > from too): otherwise PostgreSQL merges
    // against every sealed leaf, and each round reads the whole audit_leaves seq index.
    const rows = leafTextRows(
      await this.db.queryTextRows(
        `SELECT ${LEAF_COLUMNS} FROM audit_events e LEFT JOIN audit_leaves l ON l.seq = e.seq AND l.seq > $1::bigint
         WHERE e.seq > $1::bigint AND l.seq IS NULL ORDER BY e.seq LIMIT $2`,
        [from.toString(), this.batchSize],
      ),
    );
    // After this round, every event up to `settled` is sealed unless the batch was full (then
    // only up to its last event).
    const lastRow = rows.length === this.batchSize ? rows.at(-1) : undefined;
    const lastSeq = lastRow ? BigInt(lastRow[LEAF_COLUMN.seq] ?? '0') : settled;
    const nextSettled = lastSeq < settled ? lastSeq : settled;
    const nextPending =
      noted.seq > (pendingLeft[pendingLeft.length - 1]?.seq ?? settled) ? [...pendingLeft, noted] : pendingLeft;
    const settle = (): void => {
      if (nextSettled > this.settledSeq) this.settledSeq = nextSettled;
      this.pending = nextPending;
    };
    if (rows.length === 0) return [null, settle];
    const frontier = (await this.frontierAt(firstLeaf)).clone();

    const leafIndexes: string[] = [];
    const leafHashes: Buffer[] = [];
    for (const [index, row] of rows.entries()) {
      const leafIndex = (firstLeaf + BigInt(index)).toString();
      leafIndexes.push(leafIndex);
      leafHashes.push(leafHashOfTextRow(row, leafIndex));
    }
    const completed: SubtreeHash[] = [];
    for (const leafHash of leafHashes) frontier.append(leafHash, (subtree) => completed.push(subtree));
    const root = merkleRoot(leafHashes);
    const chain = chainHash(previousChain, root);

    const [batch] = await this.db.query<{ id: string }>(
      `INSERT INTO audit_batches (first_leaf, size, root, chain_hash, prev_chain_hash)
       VALUES ($1::bigint, $2::int, decode($3, 'hex'), decode($4, 'hex'), decode($5, 'hex')) RETURNING id::text AS id`,
      [firstLeaf.toString(), rows.length, root.toString('hex'), chain.toString('hex'), previousChain.toString('hex')],
    );
    if (!batch) throw new Error('INSERT INTO audit_batches ... RETURNING returned no row');
    const batchId = batch.id;
    await this.db.query(
      `INSERT INTO audit_leaves (leaf_index, seq, batch_id, leaf_hash)
       SELECT u.leaf_index, u.seq, $1::bigint, decode(u.leaf_hash, 'hex') FROM unnest($2::bigint[], $3::bigint[], $4::text[]) AS u(seq, leaf_index, leaf_hash)`,
      [batchId, rows.map((row) => row[LEAF_COLUMN.seq]), leafIndexes, leafHashes.map((hash) => hash.toString('hex'))],
    );
    await storeSubtrees(this.db, completed);
    this.logId ??= await ensureLogId(this.db);
    const checkpoint = this.signer.sign(this.logId, frontier.size, frontier.root(), new Date());
    await this.db.query(
      `INSERT INTO audit_checkpoints (log_id, tree_size, root_hash, signed_at, key_id, signature)
       VALUES ($6::uuid, $1::bigint, decode($2, 'hex'), $3::timestamptz, $4, decode($5, 'hex'))`,
      [
        checkpoint.treeSize.toString(),
        checkpoint.rootHash.toString('hex'),
        checkpoint.signedAt.toISOString(),
        checkpoint.keyId,
        checkpoint.signature.toString('hex'),
        this.logId,
      ],
    );
    this.frontier = frontier;
    return [{ batchId, firstLeaf, size: rows.length, checkpoint }, settle];
  }

  /**
   * The frontier after `size` leaves: the cached one, or rebuilt from the stored subtree hashes
   * (O(log n) nodes and at most 256 leaf hashes) when its root is the one the last checkpoint
   * signed at that size. Otherwise (a log sealed before audit_nodes existed, or nodes that do
   * not add up) it is rebuilt from every leaf hash, and the nodes found are stored.
   */
  private async frontierAt(size: bigint): Promise<CompactRange> {
    if (this.frontier?.size === size) return this.frontier;
    const subtrees = perfectSubtrees(0n, size);
    const { hashes, missing } = await subtreeHashes(this.db, subtrees);
    let frontier = CompactRange.fromSubtrees(size, hashes);
    if (missing.length > 0 || !(await this.signedAt(size, frontier.root()))) {
      const rebuilt = await frontierFromLeaves(this.db, size);
      await storeSubtrees(this.db, rebuilt.subtrees, true);
      frontier = rebuilt.frontier;
    }
    this.frontier = frontier;
    return frontier;
  }

  /** Whether a database checkpoint of this key signed `root` at tree size `size` (none for the empty tree). */
  private async signedAt(size: bigint, root: Buffer): Promise<boolean> {
    if (size === 0n) return true;
    const rows = await this.db.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE tree_size = $1::bigint`,
      [size.toString()],
    );
    return rows
      .map(checkpointOf)
      .some(
        ({ checkpoint }) =>
          checkpoint.rootHash.equals(root) && verifyCheckpointSignature(checkpoint, this.signer.publicKey),
      );
  }
}

/**
 * Seconds since the oldest unsealed event was recorded (0 when everything is sealed), for the
 * health endpoint, which is polled often: it looks only above the highest sealed seq (two index
 * range reads whatever the log's size). An event with a lower seq whose transaction committed
 * late is not counted; the sealer takes it in its next round.
 */
export async function oldestUnsealedSeconds(
  db: SqlRunner,
): Promise<{ oldestUnsealedSeconds: number; unsealed: number }> {
  const [row] = await db.query<{ age: string | null; count: string }>(
    `SELECT EXTRACT(EPOCH FROM now() - min(e.recorded_at))::text AS age, count(*)::text AS count FROM audit_events e
     WHERE e.seq > (SELECT COALESCE(max(l.seq), 0) FROM audit_leaves l)`,
  );
  return { oldestUnsealedSeconds: row?.age ? Math.max(0, Number(row.age)) : 0, unsealed: Number(row?.count ?? 0) };
}
