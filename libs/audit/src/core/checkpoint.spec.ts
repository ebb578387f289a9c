import { generateKeyPairSync, sign } from 'node:crypto';
import {
  checkpointBody,
  checkpointFromLine,
  checkpointNote,
  CheckpointSigner,
  checkpointToLine,
  verifyCheckpointSignature,
} from './checkpoint';

const LOG = '0b6f0c1e-4d1f-4c56-9a43-1f2e3d4c5b6a';
const OTHER_LOG = '7d0e2a44-2b0c-4e3f-8a1b-9c8d7e6f5a4b';

describe('checkpoints bound to their log', () => {
  const key = generateKeyPairSync('ed25519').privateKey;
  const signer = new CheckpointSigner(key);
  const checkpoint = signer.sign(LOG, 42n, Buffer.alloc(32, 3), new Date('2026-11-29T10:00:00.123Z'));

  it('names the log in the signed note, after the time line', () => {
    expect(checkpointNote(checkpoint).split('\n').slice(0, 5)).toEqual([
      'consilium-audit/v1',
      '42',
      Buffer.alloc(32, 3).toString('base64'),
      'time 2026-11-29T10:00:00.123Z',
      `log ${LOG}`,
    ]);
  });

  it.each([
    ['the same log', LOG, true],
    ['another log', OTHER_LOG, false],
    ['no log (a legacy line)', null, false],
  ])('verifies the signature when the line names %s: %s', (_label, logId, valid) => {
    expect(verifyCheckpointSignature({ ...checkpoint, logId }, signer.publicKey)).toBe(valid);
  });

  it('keeps the log id through a JSON line, and reads a line without one as legacy', () => {
    expect(checkpointFromLine(checkpointToLine(checkpoint))).toEqual(checkpoint);
    const legacyBody = {
      logId: null,
      treeSize: 7n,
      rootHash: Buffer.alloc(32, 1),
      signedAt: new Date('2026-11-01T00:00:00.000Z'),
    };
    const legacy = {
      ...legacyBody,
      keyId: signer.keyId,
      signature: sign(null, Buffer.from(checkpointBody(legacyBody), 'utf8'), key),
    };
    const line = checkpointToLine(legacy);
    expect(JSON.parse(line)).not.toHaveProperty('logId');
    const parsed = checkpointFromLine(line);
    expect(parsed.logId).toBeNull();
    expect(verifyCheckpointSignature(parsed, signer.publicKey)).toBe(true);
  });

  it('refuses a line whose log id is not a string', () => {
    const line = JSON.parse(checkpointToLine(checkpoint)) as Record<string, unknown>;
    expect(() => checkpointFromLine(JSON.stringify({ ...line, logId: 42 }))).toThrow('malformed checkpoint line');
  });
});
