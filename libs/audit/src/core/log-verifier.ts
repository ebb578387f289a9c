import type { KeyObject } from 'node:crypto';
import { verifyCheckpointSignature, type Checkpoint } from './checkpoint';
import { chainHash, CompactRange, GENESIS_CHAIN_HASH, merkleRoot, type SubtreeHash } from './merkle';

/**
 * A sealed leaf as the verifier needs it, for callers that hash events without building their
 * fields (the store's bulk reader): `hashAt(i)` is the RFC 6962 leaf hash of the stored event
 * placed at leaf i (the stored index, or a neighbour when telling a moved event from an altered one).
 */
export interface SealedLeaf {
  readonly leafIndex: bigint;
  readonly eventId: string;
  readonly batchId: string | null;
  readonly leafHash: Buffer | null;
  hashAt(leafIndex: bigint): Buffer;
}

/** A batch as stored in audit_batches. */
export interface BatchRecord {
  readonly id: string;
  readonly firstLeaf: bigint;
  readonly size: number;
  readonly root: Buffer;
  readonly chainHash: Buffer;
  readonly prevChainHash: Buffer;
}

/**
 * Where a checkpoint came from: a row of audit_checkpoints, a line of the external log, or a
 * line of the witness copy (AUDIT_WITNESS_DIR).
 */
export type CheckpointSource =
  | { readonly source: 'database'; readonly id: string }
  | { readonly source: 'external' | 'witness'; readonly file: string; readonly line: number };

export interface LocatedCheckpoint {
  readonly origin: CheckpointSource;
  readonly checkpoint: Checkpoint;
}

/**
 * Legacy file lines (no log id) that do not verify as this log's: 'set-aside' when the key may
 * have signed other logs too (the development key kept in a shared checkpoint directory);
 * 'ours-if-signed-by-this-key' when the key is this deployment's own (AUDIT_SIGNING_KEY): then
 * such a line signed by it is this log's, and a mismatch is tampering (a rewritten or truncated log).
 */
export type LegacyLinePolicy = 'set-aside' | 'ours-if-signed-by-this-key';

/** Every kind of finding verification can report (the API documents them as an enum). */
export const FINDING_KINDS = [
  'leaf-hash-mismatch',
  'leaf-missing',
  'leaf-inserted',
  'leaf-out-of-order',
  'leaf-outside-batches',
  'leaf-batch-mismatch',
  'batch-gap',
  'batch-root-mismatch',
  'batch-chain-mismatch',
  'subtree-mismatch',
  'checkpoint-signature-invalid',
  'checkpoint-root-mismatch',
  'checkpoint-other-log',
  'log-truncated',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** The first place where the stored log stops matching what was sealed and signed. */
export interface Finding {
  readonly kind: FindingKind;
  readonly message: string;
  readonly leafIndex?: string;
  readonly eventId?: string;
  readonly batchId?: string;
  readonly checkpoint?: CheckpointSource & { readonly treeSize: string };
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly leavesVerified: string;
  readonly batchesVerified: number;
  readonly checkpointsVerified: { readonly database: number; readonly external: number; readonly witness: number };
  /**
   * File lines without a log id (written before logs had one) that do not verify as this log's:
   * they cannot be told from another log's lines, so they are set aside, not reported as tampering.
   */
  readonly legacyLinesSetAside: number;
  /** RFC 6962 root over the verified leaves (hex). */
  readonly rootHash: string;
  readonly finding: Finding | null;
}

const hex = (buffer: Uint8Array): string => Buffer.from(buffer).toString('hex');

/**
 * Streaming verifier of the whole log, in the spirit of transparency-dev's proof checks: feed
 * sealed events in leaf order (`push`), then `finish`. It recomputes every leaf hash (RFC 6962
 * over the RFC 8785 form), every batch root and chain link, and the tree root at every
 * checkpoint (database and external), whose Ed25519 signatures it checks. It stops at the first
 * mismatch and says where: leaf index and event id, batch id, or checkpoint. Memory is one batch
 * of leaf hashes plus an O(log n) frontier.
 */
export class LogVerifier {
  private readonly batches: BatchRecord[];
  private readonly checkpoints: LocatedCheckpoint[];
  private readonly range = new CompactRange();
  private expected = 0n;
  private batchIndex = 0;
  private batchLeaves: Buffer[] = [];
  private previousChain: Buffer = GENESIS_CHAIN_HASH;
  private previousBatchEnd = 0n;
  private checkpointIndex = 0;
  private previousEventId: string | undefined;
  private verifiedBatches = 0;
  private readonly verifiedCheckpoints = { database: 0, external: 0, witness: 0 };
  private legacySetAside = 0;
  private found: Finding | null = null;
  /**
   * A stored subtree hash that disagrees with the leaves. Reported only when nothing else is
   * found: those hashes are derived (not signed), a tampering of the log itself is named where
   * the signed structures (leaves, batches, checkpoints) show it.
   */
  private subtreeFinding: Finding | null = null;

  /**
   * `checkpoints`: the database's, and the file lines of this log (`logId`) or of none (legacy).
   * `legacyLines`: what a legacy line that does not verify as this log's is (LegacyLinePolicy).
   * `storedSubtrees`: the subtree hashes the store keeps for proofs (audit_nodes), keyed
   * "level:index"; each is compared with the one the leaves give when the stream completes it.
   */
  constructor(
    batches: readonly BatchRecord[],
    checkpoints: readonly LocatedCheckpoint[],
    private readonly publicKey: KeyObject,
    private readonly storedSubtrees: ReadonlyMap<string, Buffer> = new Map(),
    private readonly logId: string | null = null,
    private readonly legacyLines: LegacyLinePolicy = 'set-aside',
  ) {
    this.batches = [...batches].sort((a, b) => (a.firstLeaf < b.firstLeaf ? -1 : a.firstLeaf > b.firstLeaf ? 1 : 0));
    // Database checkpoints before external ones of the same size: the first finding names the database.
    this.checkpoints = [...checkpoints].sort((a, b) =>
      a.checkpoint.treeSize !== b.checkpoint.treeSize
        ? a.checkpoint.treeSize < b.checkpoint.treeSize
          ? -1
          : 1
        : a.origin.source === b.origin.source
          ? 0
          : a.origin.source === 'database'
            ? -1
            : 1,
    );
    this.checkCheckpoints(); // checkpoints of size 0
  }

  get finding(): Finding | null {
    return this.found;
  }

  /** Feeds the next sealed leaf (leaf order). Returns false once a finding stops verification. */
  pushLeaf(leaf: SealedLeaf): boolean {
    if (this.found) return false;
    const index = leaf.leafIndex;
    if (index < this.expected)
      return this.fail({
        kind: 'leaf-out-of-order',
        message: `leaf ${index} appears again after leaf ${this.expected - 1n}`,
        leafIndex: index.toString(),
        eventId: leaf.eventId,
      });
    if (index > this.expected) {
      return this.fail({
        kind: 'leaf-missing',
        message: `leaf ${this.expected} is missing (the next stored leaf is ${index}, event ${leaf.eventId})`,
        leafIndex: this.expected.toString(),
        batchId: this.batchCovering(this.expected)?.id,
      });
    }
    const batch = this.advanceTo(index);
    if (this.found) return false;
    if (!batch)
      return this.fail({
        kind: 'leaf-outside-batches',
        message: `leaf ${index} (event ${leaf.eventId}) is not covered by any sealed batch`,
        leafIndex: index.toString(),
        eventId: leaf.eventId,
      });
    if (leaf.batchId !== batch.id) {
      return this.fail({
        kind: 'leaf-batch-mismatch',
        message: `leaf ${index} (event ${leaf.eventId}) claims batch ${leaf.batchId ?? 'none'} but batch ${batch.id} covers it`,
        leafIndex: index.toString(),
        eventId: leaf.eventId,
        batchId: batch.id,
      });
    }
    const leafHash = leaf.hashAt(index);
    if (!leaf.leafHash || !leafHash.equals(leaf.leafHash)) return this.leafMismatch(leaf, index, batch);

    this.previousEventId = leaf.eventId;
    this.batchLeaves.push(leafHash);
    this.range.append(leafHash, this.storedSubtrees.size > 0 ? this.checkSubtree : undefined);
    this.expected += 1n;
    this.checkCheckpoints();
    return !this.found;
  }

  /** Ends the stream: closes the last batch and checks that nothing sealed or signed lies beyond it. */
  finish(): VerificationReport {
    if (!this.found) {
      const current = this.batches[this.batchIndex];
      if (current && this.batchLeaves.length > 0) this.closeBatch(current);
      const next = this.batches[this.batchIndex];
      if (!this.found && next) {
        const leaf = next.firstLeaf > this.expected ? this.expected : next.firstLeaf;
        this.fail({
          kind: 'leaf-missing',
          message: `batch ${next.id} covers leaves ${next.firstLeaf}..${next.firstLeaf + BigInt(next.size) - 1n} but the log ends at leaf ${this.expected}`,
          leafIndex: (leaf < this.expected ? this.expected : leaf).toString(),
          batchId: next.id,
        });
      }
      const beyond = this.checkpoints.slice(this.checkpointIndex).find((located) => !this.setAsideLegacy(located));
      if (!this.found && beyond) {
        this.fail({
          kind: 'log-truncated',
          message: `${describe(beyond.origin)} was signed at tree size ${beyond.checkpoint.treeSize} (${beyond.checkpoint.signedAt.toISOString()}) but the log holds ${this.expected} leaves: leaves ${this.expected}.. were removed`,
          leafIndex: this.expected.toString(),
          checkpoint: { ...beyond.origin, treeSize: beyond.checkpoint.treeSize.toString() },
        });
      }
      if (!this.found && this.subtreeFinding) this.fail(this.subtreeFinding);
    }
    return {
      ok: this.found === null,
      leavesVerified: this.expected.toString(),
      batchesVerified: this.verifiedBatches,
      checkpointsVerified: { ...this.verifiedCheckpoints },
      legacyLinesSetAside: this.legacySetAside,
      rootHash: hex(this.range.root()),
      finding: this.found,
    };
  }

  private leafMismatch(leaf: SealedLeaf, index: bigint, batch: BatchRecord): boolean {
    const stored = leaf.leafHash;
    if (stored && index > 0n && leaf.hashAt(index - 1n).equals(stored)) {
      return this.fail({
        kind: 'leaf-inserted',
        message: `event ${leaf.eventId} was sealed at leaf ${index - 1n} but is stored at ${index}: leaf ${index - 1n} (event ${this.previousEventId ?? '?'}) was inserted after sealing`,
        leafIndex: (index - 1n).toString(),
        eventId: this.previousEventId,
        batchId: batch.id,
      });
    }
    if (stored && leaf.hashAt(index + 1n).equals(stored)) {
      return this.fail({
        kind: 'leaf-missing',
        message: `event ${leaf.eventId} was sealed at leaf ${index + 1n} but is stored at ${index}: the event sealed at leaf ${index} was removed`,
        leafIndex: index.toString(),
        batchId: batch.id,
      });
    }
    return this.fail({
      kind: 'leaf-hash-mismatch',
      message: `leaf ${index} (event ${leaf.eventId}): ${stored ? 'its content no longer matches the hash it was sealed with' : 'no sealed leaf hash'}`,
      leafIndex: index.toString(),
      eventId: leaf.eventId,
      batchId: batch.id,
    });
  }

  /** The batch covering `index`, closing (verifying) every batch that ends before it. */
  private advanceTo(index: bigint): BatchRecord | undefined {
    for (;;) {
      const batch = this.batches[this.batchIndex];
      if (!batch) return undefined;
      if (batch.firstLeaf !== this.previousBatchEnd) {
        this.fail({
          kind: 'batch-gap',
          message: `batch ${batch.id} starts at leaf ${batch.firstLeaf}, expected ${this.previousBatchEnd}`,
          batchId: batch.id,
          leafIndex: this.previousBatchEnd.toString(),
        });
        return undefined;
      }
      if (index < batch.firstLeaf + BigInt(batch.size)) return batch;
      this.closeBatch(batch);
      if (this.found) return undefined;
    }
  }

  private closeBatch(batch: BatchRecord): void {
    if (BigInt(this.batchLeaves.length) !== BigInt(batch.size)) {
      this.fail({
        kind: 'leaf-missing',
        message: `batch ${batch.id} holds ${this.batchLeaves.length} of its ${batch.size} leaves`,
        leafIndex: (batch.firstLeaf + BigInt(this.batchLeaves.length)).toString(),
        batchId: batch.id,
      });
      return;
    }
    const root = merkleRoot(this.batchLeaves);
    if (!root.equals(batch.root)) {
      this.fail({
        kind: 'batch-root-mismatch',
        message: `batch ${batch.id}: the root recomputed from its ${batch.size} leaves differs from the stored root`,
        batchId: batch.id,
        leafIndex: batch.firstLeaf.toString(),
      });
      return;
    }
    if (
      !batch.prevChainHash.equals(this.previousChain) ||
      !chainHash(batch.prevChainHash, batch.root).equals(batch.chainHash)
    ) {
      this.fail({
        kind: 'batch-chain-mismatch',
        message: `batch ${batch.id}: its chain link does not follow from the previous batch`,
        batchId: batch.id,
        leafIndex: batch.firstLeaf.toString(),
      });
      return;
    }
    this.previousChain = batch.chainHash;
    this.previousBatchEnd = batch.firstLeaf + BigInt(batch.size);
    this.batchLeaves = [];
    this.batchIndex += 1;
    this.verifiedBatches += 1;
  }

  private readonly checkSubtree = ({ level, index, hash }: SubtreeHash): void => {
    const stored = this.storedSubtrees.get(`${level}:${index}`);
    if (!stored || stored.equals(hash) || this.subtreeFinding) return;
    const first = index << BigInt(level);
    this.subtreeFinding = {
      kind: 'subtree-mismatch',
      message: `the stored hash of the subtree of leaves ${first}..${first + (1n << BigInt(level)) - 1n} (level ${level}) differs from the one its leaves give: inclusion proofs through it would fail`,
      leafIndex: first.toString(),
    };
  };

  private checkCheckpoints(): void {
    for (;;) {
      const located = this.checkpoints[this.checkpointIndex];
      if (!located || located.checkpoint.treeSize > this.expected) return;
      const { origin, checkpoint } = located;
      const where = { ...origin, treeSize: checkpoint.treeSize.toString() };
      const batchId = this.batchEndingAt(checkpoint.treeSize)?.id;
      this.checkpointIndex += 1;
      const signed = verifyCheckpointSignature(checkpoint, this.publicKey);
      if ((!signed || !this.range.root().equals(checkpoint.rootHash)) && this.setAsideLegacy(located)) continue;
      if (checkpoint.logId !== null && checkpoint.logId !== this.logId) {
        this.fail({
          kind: 'checkpoint-other-log',
          message: `${describe(origin)} (tree size ${checkpoint.treeSize}) was signed for log ${checkpoint.logId}, this log is ${this.logId ?? 'without an id yet'}`,
          checkpoint: where,
          batchId,
        });
        return;
      }
      if (!signed) {
        this.fail({
          kind: 'checkpoint-signature-invalid',
          message: `${describe(origin)} (tree size ${checkpoint.treeSize}): the Ed25519 signature does not verify with key ${checkpoint.keyId}`,
          checkpoint: where,
          batchId,
        });
        return;
      }
      if (!this.range.root().equals(checkpoint.rootHash)) {
        this.fail({
          kind: 'checkpoint-root-mismatch',
          message: `${describe(origin)} signed root ${hex(checkpoint.rootHash)} at tree size ${checkpoint.treeSize}; the log's leaves give ${hex(this.range.root())}${batchId ? ` (batch ${batchId} ends there)` : ''}`,
          checkpoint: where,
          batchId,
          leafIndex: (checkpoint.treeSize - 1n).toString(),
        });
        return;
      }
      this.verifiedCheckpoints[origin.source] += 1;
    }
  }

  /**
   * A file line without a log id that does not verify as this log's (another log's, from before
   * logs had ids): counted and set aside. Lines with an id, and database rows, are never set aside.
   */
  private setAsideLegacy({ origin, checkpoint }: LocatedCheckpoint): boolean {
    if (origin.source === 'database' || checkpoint.logId !== null) return false;
    if (this.legacyLines === 'ours-if-signed-by-this-key' && verifyCheckpointSignature(checkpoint, this.publicKey))
      return false;
    this.legacySetAside += 1;
    return true;
  }

  private batchCovering(index: bigint): BatchRecord | undefined {
    return this.batches.find((batch) => index >= batch.firstLeaf && index < batch.firstLeaf + BigInt(batch.size));
  }

  private batchEndingAt(treeSize: bigint): BatchRecord | undefined {
    return this.batches.find((batch) => batch.firstLeaf + BigInt(batch.size) === treeSize);
  }

  private fail(finding: Finding): false {
    this.found ??= finding;
    return false;
  }
}

function describe(origin: CheckpointSource): string {
  return origin.source === 'database'
    ? `checkpoint ${origin.id} (database)`
    : `${origin.source} checkpoint ${origin.file}:${origin.line}`;
}
