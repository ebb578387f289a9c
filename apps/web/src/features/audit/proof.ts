/**
 * Checks an audit inclusion proof in the browser with Web Crypto, the same way
 * scripts/ts/verify-proof.ts does with node:crypto (libs/audit/src/core): the leaf is recomputed
 * from the event (RFC 8785 canonical JSON, RFC 6962 leaf hash), the audit path is followed to the
 * checkpoint's root (RFC 9162 §2.1.3.2), and the checkpoint's Ed25519 signature is verified with
 * the key the proof names.
 */
import type { InclusionProof } from '../../types';

export interface ProofCheckResult {
  ok: boolean;
  /** The first check that failed, in words; null when all passed. */
  failure: string | null;
  /** Whether the Ed25519 signature was checked (false when this browser lacks Ed25519). */
  signatureChecked: boolean;
  leafHash: string;
  keyId: string | null;
}

const encoder = new TextEncoder();

const toHex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error(`not a hex string: ${hex.slice(0, 16)}…`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1)
    bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

const toBase64 = (bytes: Uint8Array): string => btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''));

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/** RFC 8785 (JCS): members sorted by UTF-16 code units, JSON.stringify for strings and numbers. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('RFC 8785: NaN and Infinity have no JSON form');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  throw new TypeError(`RFC 8785: ${typeof value} has no JSON form`);
}

/** RFC 6962 §2.1: leaf = SHA-256(0x00 || data). */
export const hashLeaf = (data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> => sha256(new Uint8Array([0]), data);
/** RFC 6962 §2.1: node = SHA-256(0x01 || left || right). */
const hashChildren = (left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> =>
  sha256(new Uint8Array([1]), left, right);

/** RFC 9162 §2.1.3.2: whether `path` leads from `leafHash` at `index` to `root` in a tree of `treeSize`. */
export async function verifyInclusion(
  leafHash: Uint8Array,
  index: bigint,
  treeSize: bigint,
  path: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (index < 0n || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1n;
  let r: Uint8Array = leafHash;
  for (const p of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await hashChildren(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && toHex(r) === toHex(root);
}

/** The text a checkpoint signs (libs/audit checkpointBody, C2SP tlog-checkpoint). */
export const checkpointBody = (
  treeSize: string,
  rootHashHex: string,
  signedAt: string,
  logId: string | null = null,
): string =>
  `consilium-audit/v1\n${treeSize}\n${toBase64(fromHex(rootHashHex))}\ntime ${signedAt}\n${logId ? `log ${logId}\n` : ''}`;

function spkiFromPem(pem: string): Uint8Array<ArrayBuffer> {
  return fromBase64(pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, ''));
}

export async function checkProof(proof: InclusionProof): Promise<ProofCheckResult> {
  const leafHash = toHex(await hashLeaf(encoder.encode(canonicalJson(proof.event))));
  const result = (failure: string | null, signatureChecked: boolean, keyId: string | null): ProofCheckResult => ({
    ok: failure === null,
    failure,
    signatureChecked,
    leafHash,
    keyId,
  });
  if (proof.event.leafIndex !== proof.leafIndex)
    return result(`the event names leaf ${proof.event.leafIndex}, the proof leaf ${proof.leafIndex}`, false, null);
  if (leafHash !== proof.leafHash)
    return result('the event does not hash to the proven leaf hash: its content was changed', false, null);
  if (proof.treeSize !== proof.checkpoint.treeSize)
    return result('the proof and the checkpoint are for different tree sizes', false, null);

  const spki = spkiFromPem(proof.publicKey);
  const keyId = toHex(await sha256(spki)).slice(0, 16);
  if (keyId !== proof.checkpoint.keyId)
    return result(`the checkpoint names key ${proof.checkpoint.keyId}, the proof carries key ${keyId}`, false, keyId);
  let signatureChecked = false;
  // A browser without Ed25519 in Web Crypto: the hashes are still checked, the result says so.
  const key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']).catch(() => null);
  if (key) {
    const signed = await crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      fromBase64(proof.checkpoint.signature),
      encoder.encode(
        checkpointBody(
          proof.checkpoint.treeSize,
          proof.checkpoint.rootHash,
          proof.checkpoint.signedAt,
          proof.checkpoint.logId,
        ),
      ),
    );
    if (!signed) return result('the checkpoint signature does not verify with the public key', true, keyId);
    signatureChecked = true;
  }
  const included = await verifyInclusion(
    fromHex(leafHash),
    BigInt(proof.leafIndex),
    BigInt(proof.checkpoint.treeSize),
    proof.auditPath.map(fromHex),
    fromHex(proof.checkpoint.rootHash),
  );
  if (!included)
    return result(
      `the audit path does not lead from leaf ${proof.leafIndex} to the signed root of tree size ${proof.treeSize}`,
      signatureChecked,
      keyId,
    );
  return result(null, signatureChecked, keyId);
}
