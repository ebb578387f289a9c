import type { KeyObject } from 'node:crypto';
import type { AuditLeafFields } from '../core/audit-leaf';
import { checkpointNote, type Checkpoint } from '../core/checkpoint';
import { CompactRange, inclusionProofRanges } from '../core/merkle';
import { LEAF_COLUMNS, LEAF_FROM, leafFieldsOf, type AuditEventRow } from './audit-rows';
import type { SqlRunner } from './sql-runner';
import { CHECKPOINT_COLUMNS, checkpointOf, type CheckpointRow } from './verify';

const PAGE = 10_000;
export const PROOF_FORMAT = 'consilium-audit-proof/v1';

/** A self-contained inclusion proof (RFC 9162 §2.1.3) of one event against a signed checkpoint. */
export interface InclusionProof {
  readonly format: typeof PROOF_FORMAT;
  /** The event's leaf fields: their RFC 8785 form is the leaf (libs/audit/src/core/audit-leaf.ts). */
  readonly event: AuditLeafFields;
  readonly leafIndex: string;
  readonly leafHash: string;
  readonly treeSize: string;
  /** Audit path, bottom-up, hex. */
  readonly auditPath: string[];
  readonly checkpoint: { readonly treeSize: string; readonly rootHash: string; readonly signedAt: string; readonly keyId: string; readonly signature: string; readonly note: string };
  /** The log's public key (SPKI PEM). Pin it: a verifier should compare it with the key it trusts. */
  readonly publicKey: string;
}

export type ProofOutcome = { readonly status: 'ok'; readonly proof: InclusionProof } | { readonly status: 'not-found' } | { readonly status: 'unsealed' };

/**
 * Builds the inclusion proof of event `eventId` against the latest database checkpoint. The path
 * is computed by streaming the stored leaf hashes once (O(tree size) reads, O(log n) memory).
 * `allowed` decides on the event's row (board scoping) before anything is computed.
 */
export async function buildInclusionProof(db: SqlRunner, eventId: string, publicKey: KeyObject, allowed: (boardId: string | null) => boolean): Promise<ProofOutcome> {
  const [row] = await db.query<AuditEventRow>(`SELECT ${LEAF_COLUMNS} FROM ${LEAF_FROM} WHERE e.id = $1::uuid`, [eventId]);
  if (!row || !allowed(row.board_id)) return { status: 'not-found' };
  if (row.leaf_index === null || row.leaf_hash === null) return { status: 'unsealed' };
  const leafIndex = BigInt(row.leaf_index);
  const [checkpointRow] = await db.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE tree_size > $1::bigint ORDER BY audit_checkpoints.tree_size DESC, audit_checkpoints.id DESC LIMIT 1`, [row.leaf_index]);
  if (!checkpointRow) return { status: 'unsealed' };
  const checkpoint: Checkpoint = checkpointOf(checkpointRow).checkpoint;

  const ranges = inclusionProofRanges(leafIndex, 0n, checkpoint.treeSize);
  const partial = ranges.map(() => new CompactRange());
  let from = 0n;
  while (from < checkpoint.treeSize) {
    const rows = await db.query<{ leaf_index: string; leaf_hash: string }>(
      `SELECT leaf_index::text AS leaf_index, encode(leaf_hash, 'hex') AS leaf_hash FROM audit_leaves WHERE leaf_index >= $1::bigint AND leaf_index < $2::bigint ORDER BY audit_leaves.leaf_index LIMIT ${PAGE}`,
      [from.toString(), checkpoint.treeSize.toString()],
    );
    if (rows.length === 0) throw new Error(`sealed leaf ${from} is missing: run npm run audit:verify`);
    for (const leaf of rows) {
      const index = BigInt(leaf.leaf_index);
      const slot = ranges.findIndex(([start, end]) => index >= start && index < end);
      if (slot >= 0) partial[slot].append(Buffer.from(leaf.leaf_hash, 'hex'));
    }
    from = BigInt(rows[rows.length - 1].leaf_index) + 1n;
  }
  return {
    status: 'ok',
    proof: {
      format: PROOF_FORMAT,
      event: leafFieldsOf(row),
      leafIndex: row.leaf_index,
      leafHash: row.leaf_hash,
      treeSize: checkpoint.treeSize.toString(),
      auditPath: partial.map((range) => range.root().toString('hex')),
      checkpoint: {
        treeSize: checkpoint.treeSize.toString(),
        rootHash: checkpoint.rootHash.toString('hex'),
        signedAt: checkpoint.signedAt.toISOString(),
        keyId: checkpoint.keyId,
        signature: checkpoint.signature.toString('base64'),
        note: checkpointNote(checkpoint),
      },
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  };
}
