import type { KeyObject } from 'node:crypto';
import type { AuditLeafFields } from '../core/audit-leaf';
import { checkpointNote, type Checkpoint } from '../core/checkpoint';
import { foldSubtrees, inclusionProofRanges, perfectSubtrees } from '../core/merkle';
import { LEAF_COLUMNS, LEAF_FROM, leafFieldsOf, type AuditEventRow } from './audit-rows';
import type { SqlRunner } from './sql-runner';
import { subtreeHashes } from './subtrees';
import { CHECKPOINT_COLUMNS, checkpointOf, type CheckpointRow } from './verify';

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
  readonly checkpoint: {
    readonly logId: string | null;
    readonly treeSize: string;
    readonly rootHash: string;
    readonly signedAt: string;
    readonly keyId: string;
    readonly signature: string;
    readonly note: string;
  };
  /** The log's public key (SPKI PEM). Pin it: a verifier should compare it with the key it trusts. */
  readonly publicKey: string;
}

export type ProofOutcome =
  | { readonly status: 'ok'; readonly proof: InclusionProof }
  | { readonly status: 'not-found' }
  | { readonly status: 'unsealed' };

/**
 * Builds the inclusion proof of event `eventId` against the latest database checkpoint. The path
 * comes from the stored subtree hashes (audit_nodes) and at most 512 leaf hashes: O(log n) reads.
 * `allowed` decides on the event's row (board scoping) before anything is computed.
 */
export async function buildInclusionProof(
  db: SqlRunner,
  eventId: string,
  publicKey: KeyObject,
  allowed: (boardId: string | null) => boolean,
): Promise<ProofOutcome> {
  const [row] = await db.query<AuditEventRow>(`SELECT ${LEAF_COLUMNS} FROM ${LEAF_FROM} WHERE e.id = $1::uuid`, [
    eventId,
  ]);
  if (!row || !allowed(row.board_id)) return { status: 'not-found' };
  if (row.leaf_index === null || row.leaf_hash === null) return { status: 'unsealed' };
  const leafIndex = BigInt(row.leaf_index);
  const [checkpointRow] = await db.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE tree_size > $1::bigint ORDER BY audit_checkpoints.tree_size DESC, audit_checkpoints.id DESC LIMIT 1`,
    [row.leaf_index],
  );
  if (!checkpointRow) return { status: 'unsealed' };
  const checkpoint: Checkpoint = checkpointOf(checkpointRow).checkpoint;

  // Each range of the audit path is a fold of perfect subtrees: O(log n) stored nodes plus at
  // most two runs of 256 leaf hashes (subtrees.ts), whatever the size of the log.
  const parts = inclusionProofRanges(leafIndex, 0n, checkpoint.treeSize).map(([start, end]) =>
    perfectSubtrees(start, end),
  );
  const { hashes } = await subtreeHashes(db, parts.flat());
  let offset = 0;
  const auditPath = parts.map((subtrees) => {
    offset += subtrees.length;
    return foldSubtrees(hashes.slice(offset - subtrees.length, offset)).toString('hex');
  });
  return {
    status: 'ok',
    proof: {
      format: PROOF_FORMAT,
      event: leafFieldsOf(row),
      leafIndex: row.leaf_index,
      leafHash: row.leaf_hash,
      treeSize: checkpoint.treeSize.toString(),
      auditPath,
      checkpoint: {
        logId: checkpoint.logId,
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
