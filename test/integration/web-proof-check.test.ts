import { generateKeyPairSync, randomUUID } from 'node:crypto';
import {
  auditLeafHash,
  checkInclusionProof,
  CheckpointSigner,
  checkpointNote,
  inclusionProof,
  merkleRoot,
  type AuditLeafFields,
} from '@consilium/audit';
import { checkProof } from '../../apps/web/src/features/audit/proof';
import type { InclusionProof } from '../../apps/web/src/types';

/** An event as the sealer stores it, with awkward JSON (escapes, non-ASCII, nested keys, -0). */
function eventAt(index: number): AuditLeafFields {
  return {
    seq: String(index + 100),
    id: `0b7c1c9e-5d0a-4b53-9f51-${String(index).padStart(12, '0')}`,
    recordedAt: '2026-11-27T05:36:00.123Z',
    action: 'U',
    type: 'case.update',
    outcome: 'SUCCESS',
    outcomeDesc: null,
    actorUserId: '4a1d2f8e-1c3b-4e5f-8a9b-0c1d2e3f4a5b',
    actorRoles: ['CLINICIAN'],
    onBehalfOfId: null,
    sourceService: 'consilium-api',
    sourceInstance: 'api-1',
    networkAddress: '10.0.0.7',
    userAgent: 'Mozilla/5.0 "quoted" \u00e9\u20ac\ud83d\ude00',
    purposeOfUse: 'TREAT',
    entityType: 'case',
    entityId: `c-${index}`,
    patientId: null,
    boardId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
    requestId: null,
    changes: { status: { old: 'DRAFT', new: 'READY' }, weightKg: { old: 70.5, new: 1e21 } },
    detail: { z: [1, 2, { b: true, a: null }], '\u20ac': 'x', a: -0 },
    leafIndex: String(index),
  };
}

/**
 * The web app's proof check (Web Crypto, apps/web/src/features/audit/proof.ts) against proofs built with the
 * audit library that the API serves them from: it accepts what the library accepts, for every
 * leaf of trees of awkward sizes, and refuses a changed event, path or signature.
 */
describe('web proof check (Web Crypto) agrees with libs/audit', () => {
  const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
  const LOG_ID = randomUUID();

  function proofOf(size: number, index: number): InclusionProof {
    const events = Array.from({ length: size }, (_value, leaf) => eventAt(leaf));
    const hashes = events.map(auditLeafHash);
    const checkpoint = signer.sign(LOG_ID, BigInt(size), merkleRoot(hashes), new Date('2026-11-27T06:00:00.000Z'));
    const event = events[index] ?? eventAt(index);
    return {
      format: 'consilium-audit-proof/v1',
      event: { ...event, actorRoles: [...event.actorRoles] } as InclusionProof['event'],
      leafIndex: String(index),
      leafHash: (hashes[index] ?? Buffer.alloc(32)).toString('hex'),
      treeSize: String(size),
      auditPath: inclusionProof(hashes, index).map((node) => node.toString('hex')),
      checkpoint: {
        logId: LOG_ID,
        treeSize: String(size),
        rootHash: checkpoint.rootHash.toString('hex'),
        signedAt: checkpoint.signedAt.toISOString(),
        keyId: checkpoint.keyId,
        signature: checkpoint.signature.toString('base64'),
        note: checkpointNote(checkpoint),
      },
      publicKey: signer.publicKeyPem(),
    };
  }

  it.each([1, 2, 3, 7, 13])('verifies every leaf of a tree of %i, as the library does', async (size) => {
    for (let index = 0; index < size; index += 1) {
      const proof = proofOf(size, index);
      expect(checkInclusionProof(proof as never, signer.publicKey)).toEqual({ ok: true, failure: null });
      expect(await checkProof(proof)).toMatchObject({
        ok: true,
        failure: null,
        signatureChecked: true,
        leafHash: proof.leafHash,
        keyId: signer.keyId,
      });
    }
  });

  it('refuses a changed event, a changed audit path, another root and a signature by another key', async () => {
    const proof = proofOf(13, 6);
    expect((await checkProof({ ...proof, event: { ...proof.event, userAgent: 'Mozilla/5.0' } })).failure).toBe(
      'the event does not hash to the proven leaf hash: its content was changed',
    );
    const path = [...proof.auditPath];
    path[1] = (path[1] ?? '').replace(/^./, (digit) => (digit === '0' ? '1' : '0'));
    expect((await checkProof({ ...proof, auditPath: path })).failure).toBe(
      'the audit path does not lead from leaf 6 to the signed root of tree size 13',
    );
    const otherRoot = proofOf(12, 6).checkpoint;
    expect(
      (await checkProof({ ...proof, checkpoint: { ...proof.checkpoint, rootHash: otherRoot.rootHash } })).failure,
    ).toBe('the checkpoint signature does not verify with the public key');
    const otherLog = { ...proof, checkpoint: { ...proof.checkpoint, logId: randomUUID() } };
    expect((await checkProof(otherLog)).failure).toBe('the checkpoint signature does not verify with the public key');
    expect(checkInclusionProof(otherLog as never, signer.publicKey).failure).toBe(
      'the checkpoint signature does not verify with the public key',
    );
    const stranger = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    expect((await checkProof({ ...proof, publicKey: stranger.publicKeyPem() })).failure).toMatch(
      /^the checkpoint names key [0-9a-f]{16}, the proof carries key [0-9a-f]{16}$/,
    );
  });
});
