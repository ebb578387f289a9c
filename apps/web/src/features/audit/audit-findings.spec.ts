import { describe, expect, it } from 'vitest';
import { checkpointNotes, explainFinding, verificationSummary, type VerificationFinding } from './audit-findings';
import type { AuditVerification } from '../../types';

const file = { source: 'external', file: '/var/audit/checkpoints.log', line: 7, treeSize: '40' } as const;

/** A finding per kind (a Record, so a kind added to the API fails typecheck here) and what its sentence must say. */
const CASES: Record<VerificationFinding['kind'], [Omit<VerificationFinding, 'kind' | 'message'>, string[]]> = {
  'leaf-hash-mismatch': [
    { leafIndex: '12', eventId: 'e-12' },
    ['changed after it was sealed', 'leaf 12 (event e-12)', 'from leaf 12 on'],
  ],
  'leaf-missing': [{ leafIndex: '5', batchId: 'b-1' }, ['removed', 'leaf 5, sealed in batch b-1,', 'from leaf 5 on']],
  'leaf-inserted': [
    { leafIndex: '9', eventId: 'e-9' },
    ['inserted after sealing', 'leaf 9 (event e-9)', 'from leaf 9 on'],
  ],
  'leaf-out-of-order': [{ leafIndex: '3', eventId: 'e-3' }, ['reordered', 'leaf 3 (event e-3)']],
  'leaf-outside-batches': [
    { leafIndex: '50', eventId: 'e-50' },
    ['not covered by any sealed batch', 'leaf 50 (event e-50)'],
  ],
  'leaf-batch-mismatch': [
    { leafIndex: '8', eventId: 'e-8', batchId: 'b-2' },
    ['moved between batches', 'leaf 8 (event e-8)', 'batch b-2'],
  ],
  'batch-gap': [
    { leafIndex: '16', batchId: 'b-3' },
    ['batch was removed or moved', 'batch b-3 does not start at leaf 16'],
  ],
  'batch-root-mismatch': [{ leafIndex: '16', batchId: 'b-3' }, ['batch was altered', 'batch b-3', 'from leaf 16 on']],
  'batch-chain-mismatch': [
    { leafIndex: '32', batchId: 'b-4' },
    ['chain of sealed batches is broken at batch b-4', 'from leaf 32 on'],
  ],
  'subtree-mismatch': [
    { leafIndex: '256' },
    ['stored subtree hash was altered', 'from leaf 256 on', 'inclusion proofs'],
  ],
  'checkpoint-signature-invalid': [
    { checkpoint: file },
    ['forged or altered', 'line 7 of the checkpoint file /var/audit/checkpoints.log (tree size 40)'],
  ],
  'checkpoint-root-mismatch': [
    { checkpoint: { source: 'database', id: 'c-1', treeSize: '40' }, leafIndex: '39' },
    ['differs from what was signed', 'database checkpoint c-1 of tree size 40', 'from leaf 39 on'],
  ],
  'checkpoint-other-log': [
    { checkpoint: { ...file, source: 'witness' } },
    ['another log', 'line 7 of the witness copy /var/audit/checkpoints.log'],
  ],
  'log-truncated': [
    { checkpoint: file, leafIndex: '30' },
    ['removed from the end', 'tree size 40', 'ends before leaf 30'],
  ],
};

const report = (overrides: Partial<AuditVerification>): AuditVerification => ({
  ok: true,
  leavesVerified: '120',
  batchesVerified: 4,
  checkpointsVerified: { database: 4, external: 3, witness: 2 },
  rootHash: 'ab'.repeat(32),
  finding: null,
  legacyLinesSetAside: 0,
  logId: 'log-1',
  unsealedEvents: 1,
  externalCheckpointFile: '/var/audit/checkpoints.log',
  otherLogLines: 0,
  witness: null,
  durationMs: 12,
  ...overrides,
});

describe('explainFinding', () => {
  it.each(Object.entries(CASES))('%s: says what broke, where and since which leaf', (kind, [fields, phrases]) => {
    const sentence = explainFinding({ kind, message: 'raw', ...fields } as VerificationFinding);
    for (const phrase of phrases) expect(sentence).toContain(phrase);
    expect(sentence).not.toContain('raw');
    expect(sentence).not.toContain('undefined');
  });

  it('shows a kind the page does not know yet (a newer API) with its message', () => {
    const finding = {
      kind: 'some-newer-kind',
      message: 'something the page has no sentence for',
      leafIndex: '0',
    } as unknown as VerificationFinding;
    expect(explainFinding(finding)).toBe(
      'The log does not verify (some-newer-kind): something the page has no sentence for. The check stopped there: events from leaf 0 on are not vouched for.',
    );
  });

  it('says nothing of a leaf when the finding names none', () => {
    expect(explainFinding({ kind: 'checkpoint-signature-invalid', message: 'raw', checkpoint: file })).not.toContain(
      'leaf',
    );
  });
});

describe('verificationSummary', () => {
  it('counts events, batches and signed checkpoints of an intact trail', () => {
    expect(verificationSummary(report({}))).toBe(
      'The trail is intact: 120 events in 4 batches, checked against 9 signed checkpoints (4 in the database, 3 in the checkpoint file, 2 in the witness copy); 1 event not sealed yet.',
    );
  });

  it('says the trail was altered when it does not verify', () => {
    const summary = verificationSummary(
      report({ ok: false, leavesVerified: '1', finding: { kind: 'leaf-missing', message: 'raw', leafIndex: '1' } }),
    );
    expect(summary).toBe(
      'The trail was altered: 1 event verified before the first mismatch, which is explained below.',
    );
  });
});

describe('checkpointNotes', () => {
  it('counts other logs and legacy lines as not tampering, and names the missing witness', () => {
    expect(checkpointNotes(report({ otherLogLines: 3, legacyLinesSetAside: 2 }))).toEqual([
      'Lines of other logs (other databases sharing the checkpoint file): 3, counted, not tampering.',
      "Older lines without a log id that do not verify as this log's: 2, set aside, not tampering.",
      'No witness copy is configured.',
    ]);
  });

  it('says how far a lagging witness copy is behind', () => {
    const witness = { file: '/witness/checkpoints.log', missingCheckpoints: 2, firstMissingTreeSize: '64' };
    expect(checkpointNotes(report({ witness }))).toEqual([
      'The witness copy /witness/checkpoints.log lacks 2 checkpoints of this log, the first at tree size 64: the witness is behind or failing.',
    ]);
    expect(
      checkpointNotes(report({ witness: { ...witness, missingCheckpoints: 0, firstMissingTreeSize: null } })),
    ).toEqual(['The witness copy /witness/checkpoints.log holds every checkpoint of this log.']);
  });
});
