import type { KeyObject } from 'node:crypto';
import {
  LogVerifier,
  type BatchRecord,
  type LegacyLinePolicy,
  type LocatedCheckpoint,
  type VerificationReport,
} from '../core/log-verifier';
import { LEAF_COLUMN, leafHashOfTextRow, leafTextRows, type LeafTextRow } from './audit-rows';
import { readLogId, type ExternalCheckpointLog } from './checkpoint-store';
import type { SqlRunner } from './sql-runner';
import { hasherWorkerFile, LEAF_PAGE_SQL, LeafHasherPool, sealedLeavesOf, type HashedLeafPage } from './verify-hasher';

const PAGE = 10_000;

export interface AuditVerification extends VerificationReport {
  /** This log's id (null before its first sealing round): file lines naming another are not its own. */
  readonly logId: string | null;
  readonly unsealedEvents: number;
  readonly externalCheckpointFile: string | null;
  /** Lines of the checkpoint files that belong to other logs (other databases sharing the directory). */
  readonly otherLogLines: number;
  /** The witness copy, when configured: this log's checkpoints it lacks (a lagging or failed witness). */
  readonly witness: {
    readonly file: string;
    readonly missingCheckpoints: number;
    readonly firstMissingTreeSize: string | null;
  } | null;
  readonly durationMs: number;
}

/**
 * Leaf hashing spread over worker threads, each reading its pages on a connection of its own in
 * the verifier's snapshot (`db` must then be inside a transaction: REPEATABLE READ READ ONLY, as
 * npm run audit:verify opens). The report is the one a sequential run gives.
 */
export interface VerifyParallelism {
  readonly connectionString: string;
  /** Worker threads (0: hash in this thread, as without this option). */
  readonly workers: number;
  /** The compiled worker (default: verify-hasher.worker.js beside this module in dist). */
  readonly workerFile?: string;
}

/** Batches as stored (hex bytea). */
export async function loadBatches(db: SqlRunner): Promise<BatchRecord[]> {
  const rows = await db.query<{
    id: string;
    first_leaf: string;
    size: number;
    root: string;
    chain_hash: string;
    prev_chain_hash: string;
  }>(
    `SELECT id::text AS id, first_leaf::text AS first_leaf, size, encode(root, 'hex') AS root, encode(chain_hash, 'hex') AS chain_hash,
            encode(prev_chain_hash, 'hex') AS prev_chain_hash FROM audit_batches ORDER BY audit_batches.first_leaf`,
  );
  return rows.map((row) => ({
    id: row.id,
    firstLeaf: BigInt(row.first_leaf),
    size: Number(row.size),
    root: Buffer.from(row.root, 'hex'),
    chainHash: Buffer.from(row.chain_hash, 'hex'),
    prevChainHash: Buffer.from(row.prev_chain_hash, 'hex'),
  }));
}

export interface CheckpointRow {
  id: string;
  log_id: string | null;
  tree_size: string;
  root_hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

export const CHECKPOINT_COLUMNS = `id::text AS id, log_id::text AS log_id, tree_size::text AS tree_size, encode(root_hash, 'hex') AS root_hash,
  to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at, key_id, encode(signature, 'hex') AS signature`;

export function checkpointOf(row: CheckpointRow): LocatedCheckpoint {
  return {
    origin: { source: 'database', id: row.id },
    checkpoint: {
      logId: row.log_id,
      treeSize: BigInt(row.tree_size),
      rootHash: Buffer.from(row.root_hash, 'hex'),
      signedAt: new Date(row.signed_at),
      keyId: row.key_id,
      signature: Buffer.from(row.signature, 'hex'),
    },
  };
}

/**
 * Verifies the whole stored log (issue 5, "Verifying"): streams sealed events from PostgreSQL in
 * leaf order (audit_leaves joined to audit_events, keyset pages, the next page fetched while the
 * current one is hashed) through the
 * LogVerifier, against the batches, the database checkpoints and the external checkpoint log.
 * Reads the external log first, then checkpoints, then batches, and bounds the event stream by
 * the last batch: a sealer running meanwhile only adds what this run does not look at. The
 * stored subtree hashes (audit_nodes) are held to the ones the leaves give.
 */
export async function verifyAuditLog(
  db: SqlRunner,
  publicKey: KeyObject,
  external: ExternalCheckpointLog | null,
  witness: ExternalCheckpointLog | null = null,
  legacyLines: LegacyLinePolicy = 'set-aside',
  parallelism?: VerifyParallelism,
): Promise<AuditVerification> {
  const started = performance.now();
  const logId = await readLogId(db);
  // Lines naming another log are that log's business; lines naming none (legacy) are tried.
  const fileLines = [...(external ? await external.readAll() : []), ...(witness ? await witness.readAll() : [])];
  const externalCheckpoints = fileLines.filter(
    ({ checkpoint }) => checkpoint.logId === null || checkpoint.logId === logId,
  );
  const checkpoints = (
    await db.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY audit_checkpoints.tree_size, audit_checkpoints.id`,
    )
  ).map(checkpointOf);
  const batches = await loadBatches(db);
  const last = batches[batches.length - 1];
  const end = last ? last.firstLeaf + BigInt(last.size) : 0n;
  const subtrees = await db.queryTextRows(`SELECT level::text, index::text, encode(hash, 'hex') FROM audit_nodes`);
  const storedSubtrees = new Map(
    subtrees.map(([level, index, hash]) => [`${level}:${index}`, Buffer.from(hash ?? '', 'hex')]),
  );
  const verifier = new LogVerifier(
    batches,
    [...checkpoints, ...externalCheckpoints],
    publicKey,
    storedSubtrees,
    logId,
    legacyLines,
  );

  if (parallelism && parallelism.workers > 0 && end > 0n) await pushHashedInWorkers(db, verifier, end, parallelism);
  else await pushHashedHere(db, verifier, end);
  const report = verifier.finish();
  const [unsealed] = await db.query<{ count: string }>(
    'SELECT count(*)::text AS count FROM audit_events e WHERE NOT EXISTS (SELECT 1 FROM audit_leaves l WHERE l.seq = e.seq)',
  );
  return {
    ...report,
    logId,
    unsealedEvents: Number(unsealed?.count ?? 0),
    externalCheckpointFile: external ? external.file : null,
    otherLogLines: fileLines.length - externalCheckpoints.length,
    witness: witness ? witnessGaps(witness.file, checkpoints, externalCheckpoints) : null,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Streams the sealed leaves [0, end) to the verifier, hashing them in this thread. Fixed windows
 * of leaf indexes rather than LIMIT after the last one read: the bound keeps each page an index
 * range of at most PAGE rows whatever the planner's statistics (with an open range and stale ones
 * it may join and sort the whole rest of the log for every page). The next page is fetched while
 * the current one is hashed.
 */
async function pushHashedHere(db: SqlRunner, verifier: LogVerifier, end: bigint): Promise<void> {
  const page = async (from: bigint): Promise<LeafTextRow[]> => {
    const to = from + BigInt(PAGE) < end ? from + BigInt(PAGE) : end;
    return leafTextRows(await db.queryTextRows(LEAF_PAGE_SQL, [from.toString(), to.toString()]));
  };
  let from = 0n;
  let next: Promise<LeafTextRow[]> | null = end > 0n ? page(0n) : null;
  while (next) {
    const rows = await next;
    from += BigInt(PAGE);
    next = from < end ? page(from) : null;
    let going = true;
    for (const row of rows) {
      const storedHash = row[LEAF_COLUMN.leafHash];
      going = verifier.pushLeaf({
        leafIndex: BigInt(row[LEAF_COLUMN.leafIndex] ?? '-1'),
        eventId: row[LEAF_COLUMN.id] ?? '',
        batchId: row[LEAF_COLUMN.batchId],
        leafHash: storedHash === null ? null : Buffer.from(storedHash, 'hex'),
        hashAt: (index) => leafHashOfTextRow(row, index.toString()),
      });
      if (!going) break;
    }
    if (!going) {
      await next?.catch(() => undefined);
      break;
    }
  }
}

/** Pages asked ahead of the one being verified, per worker. */
const AHEAD_PER_WORKER = 2;

/**
 * The same stream with the pages read and hashed by worker threads in the verifier's snapshot
 * (pg_export_snapshot), asked ahead and fed to the verifier in leaf order.
 */
async function pushHashedInWorkers(
  db: SqlRunner,
  verifier: LogVerifier,
  end: bigint,
  { connectionString, workers, workerFile }: VerifyParallelism,
): Promise<void> {
  const [exported] = await db.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
  if (!exported) throw new Error('pg_export_snapshot() returned no row');
  const pool = new LeafHasherPool(hasherWorkerFile(workerFile), workers, {
    connectionString,
    snapshot: exported.snapshot,
  });
  const pages = Math.ceil(Number(end) / PAGE);
  const asked = new Map<number, Promise<HashedLeafPage>>();
  const ask = (page: number): void => {
    if (page >= pages) return;
    const from = BigInt(page) * BigInt(PAGE);
    const to = from + BigInt(PAGE) < end ? from + BigInt(PAGE) : end;
    const result = pool.request(page, from, to);
    result.catch(() => undefined); // awaited below, or abandoned when verification stops early
    asked.set(page, result);
  };
  try {
    for (let page = 0; page < workers * AHEAD_PER_WORKER; page += 1) ask(page);
    for (let page = 0; page < pages; page += 1) {
      const hashed = await asked.get(page);
      asked.delete(page);
      ask(page + workers * AHEAD_PER_WORKER);
      if (!hashed) throw new Error(`page ${page} of leaves was not asked for`);
      for (const leaf of sealedLeavesOf(hashed)) if (!verifier.pushLeaf(leaf)) return;
    }
  } finally {
    await pool.close();
  }
}

/** The database checkpoints of this log (with its id) that the witness file does not hold. */
function witnessGaps(
  file: string,
  database: readonly LocatedCheckpoint[],
  fileLines: readonly LocatedCheckpoint[],
): NonNullable<AuditVerification['witness']> {
  const witnessed = new Set(
    fileLines
      .filter(({ origin }) => origin.source === 'witness')
      .map(({ checkpoint }) => checkpoint.signature.toString('hex')),
  );
  const missing = database.filter(
    ({ checkpoint }) => checkpoint.logId !== null && !witnessed.has(checkpoint.signature.toString('hex')),
  );
  return {
    file,
    missingCheckpoints: missing.length,
    firstMissingTreeSize: missing[0]?.checkpoint.treeSize.toString() ?? null,
  };
}
