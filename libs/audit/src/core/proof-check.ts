import type { KeyObject } from 'node:crypto';
import { auditLeafHash, type AuditLeafFields } from './audit-leaf';
import { verifyCheckpointSignature } from './checkpoint';
import { verifyInclusion } from './merkle';

/** What an offline verifier needs from a proof (the JSON of GET /audit/events/:id/proof). */
export interface ProofInput {
  readonly event: AuditLeafFields;
  readonly leafIndex: string;
  readonly leafHash: string;
  readonly treeSize: string;
  readonly auditPath: readonly string[];
  readonly checkpoint: {
    readonly logId?: string | null;
    readonly treeSize: string;
    readonly rootHash: string;
    readonly signedAt: string;
    readonly keyId: string;
    readonly signature: string;
  };
}

export interface ProofCheck {
  readonly ok: boolean;
  /** The first check that failed, in words; null when all passed. */
  readonly failure: string | null;
}

/**
 * Verifies a proof without the database: the leaf hash is recomputed from the event (RFC 8785 +
 * RFC 6962), the audit path leads to the checkpoint's root (RFC 9162 §2.1.3.2) and the checkpoint
 * carries a valid Ed25519 signature by `publicKey`.
 */
export function checkInclusionProof(proof: ProofInput, publicKey: KeyObject): ProofCheck {
  const fail = (failure: string): ProofCheck => ({ ok: false, failure });
  if (proof.event.leafIndex !== proof.leafIndex)
    return fail(`the event names leaf ${proof.event.leafIndex}, the proof leaf ${proof.leafIndex}`);
  const leafHash = auditLeafHash(proof.event);
  if (leafHash.toString('hex') !== proof.leafHash)
    return fail('the event does not hash to the proven leaf hash: its content was changed');
  if (proof.treeSize !== proof.checkpoint.treeSize)
    return fail('the proof and the checkpoint are for different tree sizes');
  const checkpoint = {
    logId: proof.checkpoint.logId ?? null,
    treeSize: BigInt(proof.checkpoint.treeSize),
    rootHash: Buffer.from(proof.checkpoint.rootHash, 'hex'),
    signedAt: new Date(proof.checkpoint.signedAt),
    keyId: proof.checkpoint.keyId,
    signature: Buffer.from(proof.checkpoint.signature, 'base64'),
  };
  if (!verifyCheckpointSignature(checkpoint, publicKey))
    return fail('the checkpoint signature does not verify with the public key');
  const path = proof.auditPath.map((node) => Buffer.from(node, 'hex'));
  if (!verifyInclusion(leafHash, BigInt(proof.leafIndex), checkpoint.treeSize, path, checkpoint.rootHash)) {
    return fail(
      `the audit path does not lead from leaf ${proof.leafIndex} to the signed root of tree size ${proof.treeSize}`,
    );
  }
  return { ok: true, failure: null };
}
