import { createHash, hash } from 'node:crypto';

/** SHA-256 of the empty string: the RFC 6962 §2.1 hash of the empty tree. */
export const EMPTY_TREE_HASH = createHash('sha256').digest();
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = 0x01;

/** RFC 6962 §2.1: MTH({d0}) = SHA-256(0x00 || d0). */
export function hashLeaf(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** RFC 6962 §2.1: interior node = SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  // One-shot crypto.hash over one buffer: a million leaves need two million of these.
  const node = Buffer.allocUnsafe(1 + left.length + right.length);
  node[0] = NODE_PREFIX;
  node.set(left, 1);
  node.set(right, 1 + left.length);
  return hash('sha256', node, 'buffer');
}

/** RFC 6962 §2.1: k is the largest power of two smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

/** RFC 6962 §2.1 Merkle Tree Hash over already-hashed leaves (hashLeaf of each entry). */
export function merkleRoot(leafHashes: readonly Buffer[], start = 0, end = leafHashes.length): Buffer {
  const n = end - start;
  if (n === 0) return EMPTY_TREE_HASH;
  if (n === 1) {
    const leaf = leafHashes[start];
    if (!leaf) throw new RangeError(`merkleRoot: leaf ${start} is outside the ${leafHashes.length} given`);
    return leaf;
  }
  const k = splitPoint(n);
  return hashChildren(merkleRoot(leafHashes, start, start + k), merkleRoot(leafHashes, start + k, end));
}

/**
 * RFC 6962 §2.1.1 audit path (RFC 9162 §2.1.3.1 inclusion proof) of leaf `index` in the tree
 * over `leafHashes`, bottom-up.
 */
export function inclusionProof(
  leafHashes: readonly Buffer[],
  index: number,
  start = 0,
  end = leafHashes.length,
): Buffer[] {
  const n = end - start;
  if (index < 0 || index >= n) throw new RangeError(`leaf ${index} is outside a tree of size ${n}`);
  if (n === 1) return [];
  const k = splitPoint(n);
  return index < k
    ? [...inclusionProof(leafHashes, index, start, start + k), merkleRoot(leafHashes, start + k, end)]
    : [...inclusionProof(leafHashes, index - k, start + k, end), merkleRoot(leafHashes, start, start + k)];
}

/**
 * The leaf ranges [start, end) whose subtree roots make up the audit path of leaf `index` in a
 * tree of `treeSize` leaves, bottom-up (same recursion as RFC 6962 §2.1.1 PATH). Lets a proof be
 * computed by streaming the leaves once with one CompactRange per range (a subtree's hash does
 * not depend on where it sits).
 */
export function inclusionProofRanges(index: bigint, start: bigint, end: bigint): [bigint, bigint][] {
  const n = end - start;
  if (n <= 1n) return [];
  let k = 1n;
  while (k << 1n < n) k <<= 1n;
  return index - start < k
    ? [...inclusionProofRanges(index, start, start + k), [start + k, end]]
    : [...inclusionProofRanges(index, start + k, end), [start, start + k]];
}

/** RFC 9162 §2.1.3.2: verifies an inclusion proof of `leafHash` at `index` in a tree of `treeSize` with root `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: bigint,
  treeSize: bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index >= treeSize || index < 0n) return false;
  let fn = index;
  let sn = treeSize - 1n;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = hashChildren(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && Buffer.from(r).equals(Buffer.from(root));
}

/**
 * A perfect subtree of the log: the 2^level leaves [index * 2^level, (index + 1) * 2^level).
 * Its RFC 6962 hash does not depend on the tree it sits in, so it can be stored once and reused
 * by every later proof and by a restarted sealer.
 */
export interface Subtree {
  readonly level: number;
  readonly index: bigint;
}

/** A perfect subtree with its hash, as the frontier completes it. */
export interface SubtreeHash extends Subtree {
  readonly hash: Buffer;
}

/**
 * The perfect subtrees that make up the leaves [start, end), largest first: greedily the largest
 * aligned subtree that fits. For a range of the RFC 6962 tree (a whole tree [0, n), or a range
 * of its §2.1.1 PATH recursion) this is the binary decomposition of its size, and its MTH is the
 * fold of their hashes from the right (see foldSubtrees).
 */
export function perfectSubtrees(start: bigint, end: bigint): Subtree[] {
  const subtrees: Subtree[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    // One level up while `at` stays aligned to it and the bigger subtree still fits.
    while (((at >> BigInt(level)) & 1n) === 0n && at + (2n << BigInt(level)) <= end && level < 62) level += 1;
    subtrees.push({ level, index: at >> BigInt(level) });
    at += 1n << BigInt(level);
  }
  return subtrees;
}

/** RFC 6962 MTH of consecutive perfect subtrees (largest first): folded from the right. */
export function foldSubtrees(hashes: readonly Buffer[]): Buffer {
  let folded: Buffer | null = null;
  for (const hash of hashes.toReversed()) folded = folded ? hashChildren(hash, folded) : hash;
  return folded ?? EMPTY_TREE_HASH;
}

/**
 * An append-only Merkle tree frontier ("compact range" of transparency-dev): the roots of the
 * perfect subtrees that make up the first `size` leaves, largest first. Appending is amortised
 * O(1) and the RFC 6962 root of every prefix is available in O(log n), so the sealer and the
 * streaming verifier never hold all leaves.
 */
export class CompactRange {
  private readonly nodes: Buffer[] = [];
  private count = 0n;

  /**
   * The frontier of a tree of `size` leaves from the hashes of perfectSubtrees(0, size), in that
   * order (the subtrees a restarted sealer reads back instead of every leaf).
   */
  static fromSubtrees(size: bigint, hashes: readonly Buffer[]): CompactRange {
    const expected = perfectSubtrees(0n, size).length;
    if (hashes.length !== expected)
      throw new RangeError(`a tree of ${size} leaves has ${expected} frontier subtrees, got ${hashes.length}`);
    const range = new CompactRange();
    range.nodes.push(...hashes);
    range.count = size;
    return range;
  }

  get size(): bigint {
    return this.count;
  }

  /**
   * Appends a leaf hash; `completed` receives every perfect subtree of level >= 1 that this leaf
   * closes (the interior nodes a store may keep for O(log n) proofs).
   */
  append(leafHash: Buffer, completed?: (subtree: SubtreeHash) => void): void {
    let hash = leafHash;
    let size = this.count;
    let level = 0;
    while ((size & 1n) === 1n) {
      hash = hashChildren(this.nodes.pop() as Buffer, hash);
      size >>= 1n;
      level += 1;
      completed?.({ level, index: size, hash });
    }
    this.nodes.push(hash);
    this.count += 1n;
  }

  /** RFC 6962 root of the leaves appended so far (the right-most subtrees fold first). */
  root(): Buffer {
    return foldSubtrees(this.nodes);
  }

  clone(): CompactRange {
    const copy = new CompactRange();
    copy.nodes.push(...this.nodes);
    copy.count = this.count;
    return copy;
  }
}

/** Genesis link of the batch chain (no previous batch). */
export const GENESIS_CHAIN_HASH = Buffer.alloc(32);

/** Batch chain link: SHA-256(previous chain hash || batch root), as documented on AuditBatch. */
export function chainHash(previous: Uint8Array, batchRoot: Uint8Array): Buffer {
  return createHash('sha256').update(previous).update(batchRoot).digest();
}
