import { CompactRange, merkleRoot, type Subtree, type SubtreeHash } from '../core/merkle';
import type { SqlRunner } from './sql-runner';

/** Lowest level kept in audit_nodes (subtrees of 256 leaves): about one row per 128 leaves. */
export const STORED_NODE_LEVEL = 8;
const PAGE = 10_000;

/** Appends the completed subtrees of level >= STORED_NODE_LEVEL to audit_nodes (one statement). */
export async function storeSubtrees(db: SqlRunner, subtrees: readonly SubtreeHash[], ifAbsent = false): Promise<void> {
  const kept = subtrees.filter((subtree) => subtree.level >= STORED_NODE_LEVEL);
  if (kept.length === 0) return;
  await db.query(
    `INSERT INTO audit_nodes (level, index, hash) SELECT u.level, u.index, decode(u.hash, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS u(level, index, hash)
     ${ifAbsent ? 'ON CONFLICT DO NOTHING' : ''}`,
    [
      kept.map((subtree) => subtree.level),
      kept.map((subtree) => subtree.index.toString()),
      kept.map((subtree) => subtree.hash.toString('hex')),
    ],
  );
}

/** Leaf hashes [start, end) in order; throws when one is missing (a damaged log: run the verifier). */
async function leafHashes(db: SqlRunner, start: bigint, end: bigint, each: (hash: Buffer) => void): Promise<void> {
  for (let next = start; next < end;) {
    // A window of at most PAGE indexes (not LIMIT on an open range: see verify.ts).
    const to = next + BigInt(PAGE) < end ? next + BigInt(PAGE) : end;
    const rows = await db.queryTextRows(
      `SELECT leaf_index::text, encode(leaf_hash, 'hex') FROM audit_leaves WHERE leaf_index >= $1::bigint AND leaf_index < $2::bigint ORDER BY audit_leaves.leaf_index`,
      [next.toString(), to.toString()],
    );
    for (const [index, hash] of rows) {
      if (index !== next.toString() || typeof hash !== 'string')
        throw new Error(`sealed leaf ${next} is missing or has no hash: run npm run audit:verify`);
      each(Buffer.from(hash, 'hex'));
      next += 1n;
    }
    if (rows.length === 0) throw new Error(`sealed leaf ${next} is missing: run npm run audit:verify`);
  }
}

/** RFC 6962 MTH of the leaves [start, end), streamed (O(log n) memory). */
async function leafRangeRoot(db: SqlRunner, start: bigint, end: bigint): Promise<Buffer> {
  const range = new CompactRange();
  await leafHashes(db, start, end, (hash) => range.append(hash));
  return range.root();
}

/**
 * The frontier of the first `size` leaves from every stored leaf hash (O(n): for a log sealed
 * before audit_nodes existed), with the subtrees of level >= STORED_NODE_LEVEL it completes.
 */
export async function frontierFromLeaves(
  db: SqlRunner,
  size: bigint,
): Promise<{ frontier: CompactRange; subtrees: SubtreeHash[] }> {
  const frontier = new CompactRange();
  const subtrees: SubtreeHash[] = [];
  const keep = (subtree: SubtreeHash): void => {
    if (subtree.level >= STORED_NODE_LEVEL) subtrees.push(subtree);
  };
  await leafHashes(db, 0n, size, (hash) => frontier.append(hash, keep));
  return { frontier, subtrees };
}

const leafSpan = (subtree: Subtree): [bigint, bigint] => [
  subtree.index << BigInt(subtree.level),
  (subtree.index + 1n) << BigInt(subtree.level),
];

/**
 * Hashes of perfect subtrees of the sealed log: from audit_nodes for level >= 8, from the leaf
 * hashes below that (the subtrees of an audit path or a frontier below level 8 lie in at most
 * two runs of 256 leaves, read once each). A node audit_nodes lacks (a log sealed before it
 * existed) is computed from its leaves; `missing` lists those.
 */
export async function subtreeHashes(
  db: SqlRunner,
  subtrees: readonly Subtree[],
): Promise<{ hashes: Buffer[]; missing: Subtree[] }> {
  const hashes: (Buffer | undefined)[] = subtrees.map(() => undefined);
  const high = subtrees.flatMap((subtree, position) =>
    subtree.level >= STORED_NODE_LEVEL ? [{ subtree, position }] : [],
  );
  if (high.length > 0) {
    const rows = await db.queryTextRows(
      `SELECT n.level::text, n.index::text, encode(n.hash, 'hex') FROM audit_nodes n JOIN unnest($1::smallint[], $2::bigint[]) AS u(level, index) ON n.level = u.level AND n.index = u.index`,
      [high.map(({ subtree }) => subtree.level), high.map(({ subtree }) => subtree.index.toString())],
    );
    const stored = new Map(rows.map(([level, index, hash]) => [`${level}:${index}`, Buffer.from(hash ?? '', 'hex')]));
    for (const { subtree, position } of high) hashes[position] = stored.get(`${subtree.level}:${subtree.index}`);
  }
  const missing: Subtree[] = [];
  for (const [position, subtree] of subtrees.entries()) {
    if (subtree.level < STORED_NODE_LEVEL || hashes[position]) continue;
    missing.push(subtree);
    hashes[position] = await leafRangeRoot(db, ...leafSpan(subtree));
  }
  // The low subtrees, grouped by the run of 256 leaves they lie in: one read per run.
  const runs = new Map<bigint, { start: bigint; end: bigint; members: { position: number; subtree: Subtree }[] }>();
  for (const [position, subtree] of subtrees.entries()) {
    if (subtree.level >= STORED_NODE_LEVEL) continue;
    const [start, end] = leafSpan(subtree);
    const key = start >> BigInt(STORED_NODE_LEVEL);
    const run = runs.get(key);
    if (run) {
      run.start = start < run.start ? start : run.start;
      run.end = end > run.end ? end : run.end;
      run.members.push({ position, subtree });
    } else runs.set(key, { start, end, members: [{ position, subtree }] });
  }
  for (const run of runs.values()) {
    const leaves: Buffer[] = [];
    await leafHashes(db, run.start, run.end, (hash) => leaves.push(hash));
    for (const { position, subtree } of run.members) {
      const [start, end] = leafSpan(subtree);
      hashes[position] = merkleRoot(leaves, Number(start - run.start), Number(end - run.start));
    }
  }
  return { hashes: hashes as Buffer[], missing };
}
