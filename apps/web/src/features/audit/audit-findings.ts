import type { AuditVerification } from '../../types';

/** The first mismatch GET /audit/verify reports (libs/audit Finding). */
export type VerificationFinding = NonNullable<AuditVerification['finding']>;
type FindingCheckpoint = NonNullable<VerificationFinding['checkpoint']>;

const plural = (count: number | string, noun: string, nouns = `${noun}s`): string =>
  `${count} ${Number(count) === 1 ? noun : nouns}`;

function checkpointName(checkpoint: FindingCheckpoint | undefined): string {
  if (!checkpoint) return 'a signed checkpoint';
  switch (checkpoint.source) {
    case 'database':
      return `the database checkpoint ${checkpoint.id ?? ''} of tree size ${checkpoint.treeSize}`;
    case 'external':
      return `line ${checkpoint.line ?? '?'} of the checkpoint file ${checkpoint.file ?? ''} (tree size ${checkpoint.treeSize})`;
    case 'witness':
      return `line ${checkpoint.line ?? '?'} of the witness copy ${checkpoint.file ?? ''} (tree size ${checkpoint.treeSize})`;
  }
}

/** What broke and where, one sentence per finding kind (libs/audit core/log-verifier.ts). */
function whatBroke(finding: VerificationFinding): string {
  const leaf = `leaf ${finding.leafIndex ?? '?'}`;
  const event = finding.eventId ? ` (event ${finding.eventId})` : '';
  const batch = `batch ${finding.batchId ?? '?'}`;
  const checkpoint = checkpointName(finding.checkpoint);
  switch (finding.kind) {
    case 'leaf-hash-mismatch':
      return `An event was changed after it was sealed: the content of ${leaf}${event} no longer matches the hash it was sealed with.`;
    case 'leaf-missing':
      return `An event was removed: ${leaf}${finding.batchId ? `, sealed in ${batch},` : ''} is no longer stored.`;
    case 'leaf-inserted':
      return `An event was inserted after sealing: ${leaf}${event} was not in the log when it was sealed.`;
    case 'leaf-out-of-order':
      return `Events were reordered: ${leaf}${event} appears again after a later leaf.`;
    case 'leaf-outside-batches':
      return `An event was added after sealing: ${leaf}${event} is not covered by any sealed batch.`;
    case 'leaf-batch-mismatch':
      return `An event was moved between batches: ${leaf}${event} claims another batch than ${batch}, which covers it.`;
    case 'batch-gap':
      return `A sealed batch was removed or moved: ${batch} does not start at ${leaf}, where the previous batch ends.`;
    case 'batch-root-mismatch':
      return `A sealed batch was altered: the root recomputed from the leaves of ${batch} differs from the root it was sealed with.`;
    case 'batch-chain-mismatch':
      return `The chain of sealed batches is broken at ${batch}: its link does not follow from the previous batch, so a batch was replaced or removed.`;
    case 'subtree-mismatch':
      return `A stored subtree hash was altered: the hash kept for the events from ${leaf} on differs from the one their leaves give, so inclusion proofs that use it cannot be trusted.`;
    case 'checkpoint-signature-invalid':
      return `A signed checkpoint was forged or altered: the Ed25519 signature of ${checkpoint} does not verify.`;
    case 'checkpoint-root-mismatch':
      return `The stored log differs from what was signed: ${checkpoint} signed a root that the stored events no longer give.`;
    case 'checkpoint-other-log':
      return `A checkpoint of another log stands where this log's was expected: ${checkpoint} was signed for a different log.`;
    case 'log-truncated':
      return `Events were removed from the end of the log: ${checkpoint} was signed over more events than the log now holds (it ends before ${leaf}).`;
    default: {
      // A kind this page does not know yet fails typecheck here; at run time its message still shows.
      const unknown: never = finding.kind;
      return `The log does not verify (${String(unknown)}): ${finding.message}.`;
    }
  }
}

/** A verify failure in words: what broke, where, and from which leaf on the trail is no longer trusted. */
export function explainFinding(finding: VerificationFinding): string {
  const since =
    finding.leafIndex === undefined
      ? ''
      : ` The check stopped there: events from leaf ${finding.leafIndex} on are not vouched for.`;
  return `${whatBroke(finding)}${since}`;
}

/** The one-sentence verdict shown first. */
export function verificationSummary(report: AuditVerification): string {
  const { database, external, witness } = report.checkpointsVerified;
  if (report.ok) {
    return (
      `The trail is intact: ${plural(report.leavesVerified, 'event')} in ${plural(report.batchesVerified, 'batch', 'batches')}, ` +
      `checked against ${plural(database + external + witness, 'signed checkpoint')} (${database} in the database, ${external} in the checkpoint file, ${witness} in the witness copy); ` +
      `${plural(report.unsealedEvents, 'event')} not sealed yet.`
    );
  }
  return `The trail was altered: ${plural(report.leavesVerified, 'event')} verified before the first mismatch, which is explained below.`;
}

/** The checkpoint files' facts: lines that are not tampering, and a witness copy that lags. */
export function checkpointNotes(report: AuditVerification): string[] {
  const notes: string[] = [];
  if (report.otherLogLines > 0) {
    notes.push(
      `Lines of other logs (other databases sharing the checkpoint file): ${report.otherLogLines}, counted, not tampering.`,
    );
  }
  if (report.legacyLinesSetAside > 0) {
    notes.push(
      `Older lines without a log id that do not verify as this log's: ${report.legacyLinesSetAside}, set aside, not tampering.`,
    );
  }
  const { witness } = report;
  if (!witness) notes.push('No witness copy is configured.');
  else if (witness.missingCheckpoints === 0)
    notes.push(`The witness copy ${witness.file} holds every checkpoint of this log.`);
  else {
    notes.push(
      `The witness copy ${witness.file} lacks ${plural(witness.missingCheckpoints, 'checkpoint')} of this log` +
        `${witness.firstMissingTreeSize ? `, the first at tree size ${witness.firstMissingTreeSize}` : ''}: the witness is behind or failing.`,
    );
  }
  return notes;
}
