import { useState, type ReactNode } from 'react';
import { api } from '../../../api';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import { ProofView } from './ProofView';
import { Exports } from './provenance/Exports';
import { ProposalsSection, SignOffSection, VotesSection } from './provenance/DecisionSections';
import type { Linked } from './provenance/section-props';
import { FactsSection, FollowUpSection, LinesSection } from './provenance/TrailSections';

/**
 * A recommendation's decision provenance: facts snapshot, drafts, proposal diffs, overrides, vote
 * rounds, attendance and quorum at sign-off, signer and deviation, implementation and treatment;
 * each line with a button that fetches its inclusion proof and checks it in this browser.
 * Exportable as JSON and PDF.
 */
export function ProvenancePage({ recommendationId }: { recommendationId: string }): ReactNode {
  const loaded = useLoad(
    () => api('GET', '/audit/recommendations/{id}/provenance', { path: { id: recommendationId } }),
    [recommendationId],
  );
  const [proofOf, setProofOf] = useState<{ eventId: string; label: string } | null>(null);

  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  const provenance = loaded.data;
  if (!provenance) return <p>Loading the provenance…</p>;
  const proofButton = ({ eventId }: Linked, label: string): ReactNode =>
    eventId ? (
      <button
        type="button"
        className="secondary"
        onClick={() => setProofOf({ eventId, label })}
        aria-label={`Check the proof of: ${label}`}
        aria-pressed={proofOf?.eventId === eventId}
      >
        Check proof
      </button>
    ) : (
      <span className="muted">no event</span>
    );
  const { recommendation } = provenance;

  return (
    <article className="provenance" aria-labelledby="provenance-heading">
      <p>
        <a href="#/audit">Back to the audit trail</a> · <a href={`#/cases/${provenance.case.id}`}>Open the case</a>
      </p>
      <h1 id="provenance-heading">
        Provenance of recommendation v{recommendation.draftVersion}, case {provenance.case.reference}
      </h1>
      <p>
        Patient {provenance.case.patientName} (MRN {provenance.case.mrn}). {humanize(recommendation.status)};{' '}
        {recommendation.pathwayId === null
          ? 'no pathway (board-authored plan)'
          : `pathway ${recommendation.pathwayId} ${recommendation.pathwayVersion ?? ''}`}
        , primary branch{' '}
        {recommendation.primaryBranch === null ? 'none (board-authored plan)' : humanize(recommendation.primaryBranch)}.
        {provenance.meeting
          ? ` Meeting "${provenance.meeting.title}", ${formatDateTime(provenance.meeting.startsAt)}.`
          : ''}
      </p>
      <Exports provenance={provenance} />
      {proofOf ? (
        <ProofView
          key={proofOf.eventId}
          eventId={proofOf.eventId}
          label={proofOf.label}
          onClose={() => setProofOf(null)}
        />
      ) : null}

      <VotesSection provenance={provenance} proofButton={proofButton} />

      <SignOffSection provenance={provenance} proofButton={proofButton} />

      <ProposalsSection provenance={provenance} proofButton={proofButton} />

      <FactsSection provenance={provenance} proofButton={proofButton} />

      <FollowUpSection provenance={provenance} proofButton={proofButton} />

      <LinesSection provenance={provenance} proofButton={proofButton} />
    </article>
  );
}
