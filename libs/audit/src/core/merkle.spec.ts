import { createHash } from 'node:crypto';
import {
  chainHash,
  CompactRange,
  EMPTY_TREE_HASH,
  foldSubtrees,
  hashChildren,
  hashLeaf,
  inclusionProof,
  inclusionProofRanges,
  merkleRoot,
  perfectSubtrees,
  verifyInclusion,
  type SubtreeHash,
} from './merkle';

// RFC 6962 reference inputs and roots (certificate-transparency / transparency-dev test vectors).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  (h) => Buffer.from(h, 'hex'),
);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const leafHashes = LEAVES.map((leaf) => hashLeaf(leaf));
const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

/** MTH exactly as RFC 6962 §2.1 defines it, on raw entries. */
function definitionRoot(entries: Buffer[]): Buffer {
  if (entries.length === 0) return sha();
  if (entries.length === 1) return sha(Buffer.from([0]), entries[0]!);
  let k = 1;
  while (k * 2 < entries.length) k *= 2;
  return sha(Buffer.from([1]), definitionRoot(entries.slice(0, k)), definitionRoot(entries.slice(k)));
}

describe('RFC 6962 Merkle tree', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    expect(EMPTY_TREE_HASH.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleRoot([]).equals(EMPTY_TREE_HASH)).toBe(true);
  });

  it.each(ROOTS.map((root, index) => [index + 1, root]))(
    'root of the first %i reference leaves is %s',
    (size, root) => {
      expect(merkleRoot(leafHashes.slice(0, size)).toString('hex')).toBe(root);
    },
  );

  it('separates leaves from nodes (0x00 / 0x01 prefixes)', () => {
    expect(hashLeaf(Buffer.from('ab')).equals(sha(Buffer.from([0]), Buffer.from('ab')))).toBe(true);
    expect(
      hashChildren(leafHashes[0]!, leafHashes[1]!).equals(sha(Buffer.from([1]), leafHashes[0]!, leafHashes[1]!)),
    ).toBe(true);
  });

  it.each([1, 2, 3, 5, 7, 8, 9, 16, 17, 31, 33, 100, 257])(
    'matches the definition and the compact range for %i entries',
    (n) => {
      const entries = Array.from({ length: n }, (_, i) => Buffer.from(`entry-${i}`));
      const hashes = entries.map((entry) => hashLeaf(entry));
      const range = new CompactRange();
      hashes.forEach((hash) => range.append(hash));
      expect(merkleRoot(hashes).equals(definitionRoot(entries))).toBe(true);
      expect(range.root().equals(definitionRoot(entries))).toBe(true);
      expect(range.size).toBe(BigInt(n));
    },
  );

  describe('perfect subtrees', () => {
    const tree = Array.from({ length: 300 }, (_, i) => hashLeaf(Buffer.from(`leaf-${i}`)));
    const subtreeRoot = (level: number, index: bigint): Buffer =>
      merkleRoot(tree, Number(index << BigInt(level)), Number((index + 1n) << BigInt(level)));

    it('reports every interior node the frontier completes, with its place and hash', () => {
      const completed: SubtreeHash[] = [];
      const range = new CompactRange();
      tree.forEach((hash) => range.append(hash, (node) => completed.push(node)));
      expect(completed).toHaveLength(tree.length - perfectSubtrees(0n, BigInt(tree.length)).length); // n - popcount(n)
      for (const node of completed)
        expect(node.hash.toString('hex')).toBe(subtreeRoot(node.level, node.index).toString('hex'));
      expect(completed.filter((node) => node.level === 8)).toEqual([{ level: 8, index: 0n, hash: subtreeRoot(8, 0n) }]);
    });

    it.each([1, 2, 3, 7, 8, 13, 64, 100, 255, 256, 257, 300])(
      'give every audit-path range of a tree of %i leaves by folding',
      (size) => {
        const ranges = [
          [0n, BigInt(size)],
          ...Array.from({ length: size }, (_, index) => inclusionProofRanges(BigInt(index), 0n, BigInt(size))).flat(),
        ];
        for (const [start, end] of ranges) {
          const parts = perfectSubtrees(start!, end!);
          for (const part of parts) expect(part.index << BigInt(part.level)).toBeGreaterThanOrEqual(start!);
          expect(
            foldSubtrees(parts.map((part) => subtreeRoot(part.level, part.index))).equals(
              merkleRoot(tree, Number(start), Number(end)),
            ),
          ).toBe(true);
        }
      },
    );

    it('rebuild the frontier of a prefix, which then extends like the original', () => {
      for (const size of [1, 5, 64, 200, 257]) {
        const range = CompactRange.fromSubtrees(
          BigInt(size),
          perfectSubtrees(0n, BigInt(size)).map((part) => subtreeRoot(part.level, part.index)),
        );
        tree.slice(size).forEach((hash) => range.append(hash));
        expect(range.root().equals(merkleRoot(tree))).toBe(true);
      }
      expect(() => CompactRange.fromSubtrees(5n, [tree[0]!])).toThrow(RangeError);
    });
  });

  // RFC 9162 inclusion proofs of the reference tree (transparency-dev merkle testdata).
  it.each([
    [
      0,
      8,
      [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    ],
    [
      5,
      8,
      [
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    ],
    [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
    [
      1,
      5,
      [
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    ],
  ] as const)('proves leaf %i in the tree of size %i', (index, size, path) => {
    const proof = inclusionProof(leafHashes.slice(0, size), index);
    expect(proof.map((node) => node.toString('hex'))).toEqual(path);
    expect(
      verifyInclusion(leafHashes[index]!, BigInt(index), BigInt(size), proof, Buffer.from(ROOTS[size - 1]!, 'hex')),
    ).toBe(true);
  });

  it('verifies every proof of every tree up to 40 leaves and rejects altered ones', () => {
    const hashes = Array.from({ length: 40 }, (_, i) => hashLeaf(Buffer.from([i])));
    for (let size = 1; size <= hashes.length; size += 1) {
      const tree = hashes.slice(0, size);
      const root = merkleRoot(tree);
      for (let index = 0; index < size; index += 1) {
        const proof = inclusionProof(tree, index);
        expect(verifyInclusion(tree[index]!, BigInt(index), BigInt(size), proof, root)).toBe(true);
        // The streamed form of the same path: roots of the ranges.
        expect(
          inclusionProofRanges(BigInt(index), 0n, BigInt(size)).map(([s, e]) =>
            merkleRoot(tree, Number(s), Number(e)).toString('hex'),
          ),
        ).toEqual(proof.map((p) => p.toString('hex')));
        expect(verifyInclusion(tree[index]!, BigInt(size), BigInt(size), proof, root)).toBe(false);
        if (proof.length > 0) {
          const bad = proof.map((p) => Buffer.from(p));
          bad[0]![0]! ^= 1;
          expect(verifyInclusion(tree[index]!, BigInt(index), BigInt(size), bad, root)).toBe(false);
        }
        if (size > 1)
          expect(verifyInclusion(tree[(index + 1) % size]!, BigInt(index), BigInt(size), proof, root)).toBe(false);
      }
    }
  });

  it('chains batch roots: SHA-256(previous || root)', () => {
    const previous = Buffer.alloc(32, 7);
    expect(chainHash(previous, leafHashes[0]!).equals(sha(previous, leafHashes[0]!))).toBe(true);
  });
});
