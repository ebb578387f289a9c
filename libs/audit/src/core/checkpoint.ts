import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** Origin line of our checkpoints (C2SP tlog-checkpoint: the log's identity). */
export const CHECKPOINT_ORIGIN = 'consilium-audit/v1';

/**
 * A signed statement that the log `logId` had `treeSize` leaves with RFC 6962 root `rootHash` at
 * `signedAt`. `logId` is null on checkpoints signed before logs had an identity (legacy).
 */
export interface Checkpoint {
  readonly logId: string | null;
  readonly treeSize: bigint;
  readonly rootHash: Buffer;
  readonly signedAt: Date;
  readonly keyId: string;
  readonly signature: Buffer;
}

/**
 * The signed text, after the C2SP tlog-checkpoint note body: origin, tree size, base64 root,
 * then extension lines: the signing time (ISO 8601, ms) and the log's id (`log <uuid>`, absent
 * on legacy checkpoints), so that a signature binds the checkpoint to one log.
 */
export function checkpointBody(checkpoint: Pick<Checkpoint, 'logId' | 'treeSize' | 'rootHash' | 'signedAt'>): string {
  const { logId, treeSize, rootHash, signedAt } = checkpoint;
  return `${CHECKPOINT_ORIGIN}\n${treeSize.toString()}\n${Buffer.from(rootHash).toString('base64')}\ntime ${signedAt.toISOString()}\n${logId ? `log ${logId}\n` : ''}`;
}

/** The whole signed note (C2SP signed-note): body, blank line, signature line. */
export function checkpointNote(checkpoint: Checkpoint): string {
  return `${checkpointBody(checkpoint)}\n— ${CHECKPOINT_ORIGIN} ${checkpoint.keyId} ${checkpoint.signature.toString('base64')}\n`;
}

/** Short key id: hex of the first 8 bytes of SHA-256 over the SPKI DER of the public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Parses the configured Ed25519 private key: PKCS#8 PEM, or the base64 of that PEM (handy in
 * environment variables). Throws when it is not an Ed25519 key.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  const pem = trimmed.startsWith('-----BEGIN') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`audit signing key must be Ed25519, got ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/** Signs checkpoints with one Ed25519 key (RFC 8032 via node:crypto). */
export class CheckpointSigner {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  sign(logId: string, treeSize: bigint, rootHash: Buffer, signedAt: Date): Checkpoint {
    // Timestamps are stored with millisecond precision; sign exactly what is stored.
    const body = { logId, treeSize, rootHash, signedAt: new Date(Math.floor(signedAt.getTime())) };
    return {
      ...body,
      keyId: this.keyId,
      signature: sign(null, Buffer.from(checkpointBody(body), 'utf8'), this.privateKey),
    };
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}

/** Ed25519 verification of a checkpoint's signature (and that it names this key). */
export function verifyCheckpointSignature(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  if (checkpoint.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, Buffer.from(checkpointBody(checkpoint), 'utf8'), publicKey, checkpoint.signature);
  } catch {
    return false;
  }
}

/** One line of the external append-only checkpoint log (JSON Lines); legacy lines have no logId. */
export interface CheckpointLine {
  readonly logId?: string;
  readonly treeSize: string;
  readonly rootHash: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly signature: string;
}

export function checkpointToLine(checkpoint: Checkpoint): string {
  const line: CheckpointLine = {
    ...(checkpoint.logId ? { logId: checkpoint.logId } : {}),
    treeSize: checkpoint.treeSize.toString(),
    rootHash: checkpoint.rootHash.toString('hex'),
    signedAt: checkpoint.signedAt.toISOString(),
    keyId: checkpoint.keyId,
    signature: checkpoint.signature.toString('base64'),
  };
  return JSON.stringify(line);
}

/** Parses one line of the external checkpoint log; throws on a malformed line. */
export function checkpointFromLine(text: string): Checkpoint {
  const line = JSON.parse(text) as Partial<CheckpointLine>;
  if (
    (line.logId !== undefined && typeof line.logId !== 'string') ||
    typeof line.treeSize !== 'string' ||
    typeof line.rootHash !== 'string' ||
    typeof line.signedAt !== 'string' ||
    typeof line.keyId !== 'string' ||
    typeof line.signature !== 'string'
  ) {
    throw new Error('malformed checkpoint line');
  }
  return {
    logId: line.logId ?? null,
    treeSize: BigInt(line.treeSize),
    rootHash: Buffer.from(line.rootHash, 'hex'),
    signedAt: new Date(line.signedAt),
    keyId: line.keyId,
    signature: Buffer.from(line.signature, 'base64'),
  };
}
