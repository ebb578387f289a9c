import { useState, type ReactNode } from 'react';
import { api } from '../../../api';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { Provenance } from '../../../types';
import { ProofView } from './ProofView';
import { factRows, json } from '../provenance-format';
import { Exports } from './provenance/Exports';

type Line = Provenance['lines'][number];
interface Linked {
  eventId?: string;
  leafIndex?: string | null;
}

/**
 * A recommendation's decision provenance: facts snapshot, drafts, proposal diffs, overrides, vote
 * rounds, attendance and quorum at sign-off, signer and deviation, implementation and treatment;
 * each line with a button that fetches its inclusion proof and checks it in this browser.
 * Exportable as JSON and PDF.
 */
export function ProvenancePage({ recommendationId }: { recommendationId: string }): ReactNode {
  const loaded = useLoad(() => api('GET', '/audit/recommendations/{id}/provenance', { path: { id: recommendationId } }), [recommendationId]);
  const [proofOf, setProofOf] = useState<{ eventId: string; label: string } | null>(null);

  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  const provenance = loaded.data;
  if (!provenance) return <p>Loading the provenance…</p>;
  const proofButton = ({ eventId }: Linked, label: string): ReactNode =>
    eventId ? (
      <button type="button" className="secondary" onClick={() => setProofOf({ eventId, label })} aria-label={`Check the proof of: ${label}`} aria-pressed={proofOf?.eventId === eventId}>
        Check proof
      </button>
    ) : (
      <span className="muted">no event</span>
    );
  const { recommendation, signOff } = provenance;

  return (
    <article className="provenance" aria-labelledby="provenance-heading">
      <p>
        <a href="#/audit">Back to the audit trail</a> · <a href={`#/cases/${provenance.case.id}`}>Open the case</a>
      </p>
      <h1 id="provenance-heading">
        Provenance of recommendation v{recommendation.draftVersion}, case {provenance.case.reference}
      </h1>
      <p>
        Patient {provenance.case.patientName} (MRN {provenance.case.mrn}). {humanize(recommendation.status)}; {recommendation.pathwayId === null ? 'no pathway (board-authored plan)' : `pathway ${recommendation.pathwayId} ${recommendation.pathwayVersion ?? ''}`}, primary branch {recommendation.primaryBranch === null ? "none (board-authored plan)" : humanize(recommendation.primaryBranch)}.
        {provenance.meeting ? ` Meeting "${provenance.meeting.title}", ${formatDateTime(provenance.meeting.startsAt)}.` : ''}
      </p>
      <Exports provenance={provenance} />
      {proofOf ? <ProofView key={proofOf.eventId} eventId={proofOf.eventId} label={proofOf.label} onClose={() => setProofOf(null)} /> : null}

      <section aria-labelledby="provenance-votes">
        <h2 id="provenance-votes">Votes</h2>
        {provenance.rounds.length === 0 ? <p>No votes.</p> : null}
        {provenance.rounds.map((round) => (
          <table key={round.round} data-testid="provenance-round">
            <caption>Round {round.round}</caption>
            <thead>
              <tr>
                <th scope="col">Voter</th>
                <th scope="col">Specialty</th>
                <th scope="col">Vote</th>
                <th scope="col">Comment</th>
                <th scope="col">When</th>
                <th scope="col">Proof</th>
              </tr>
            </thead>
            <tbody>
              {round.votes.map((vote) => (
                <tr key={`${vote.voterName}-${vote.at}`} data-testid="provenance-vote">
                  <td>{vote.voterName}</td>
                  <td>{vote.specialty ? humanize(vote.specialty) : '—'}</td>
                  <td>{humanize(vote.choice)}</td>
                  <td>{vote.comment ?? ''}</td>
                  <td>{formatDateTime(vote.at)}</td>
                  <td>{proofButton(vote, `${vote.voterName} voted ${humanize(vote.choice).toLowerCase()}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>

      <section aria-labelledby="provenance-sign-off">
        <h2 id="provenance-sign-off">Sign-off</h2>
        {signOff ? (
          <div data-testid="provenance-sign-off">
            <p>
              Signed off by <strong>{signOff.signerName ?? 'unknown'}</strong> on {formatDateTime(signOff.at)}
              {signOff.round ? ` in round ${signOff.round}` : ''}. {proofButton(signOff, 'the sign-off')}
            </p>
            <p>{signOff.followsPathway === false ? `Deviates from the pathway: ${humanize(signOff.deviationReason ?? 'no reason')}${signOff.deviationText ? ` (${signOff.deviationText})` : ''}.` : 'Follows the pathway.'}</p>
            <p>
              Quorum at sign-off: {signOff.quorum.quorate ? 'quorate' : `not quorate, missing ${signOff.quorum.missing.map(humanize).join(', ')}`} (required: {signOff.quorum.required.map(humanize).join(', ') || 'none'}).
            </p>
            <p>Present: {signOff.attendance.map((attendee) => `${attendee.name}${attendee.specialty ? ` (${humanize(attendee.specialty)})` : ''}`).join('; ') || 'nobody recorded'}.</p>
          </div>
        ) : (
          <p>Not signed off.</p>
        )}
      </section>

      <section aria-labelledby="provenance-proposals">
        <h2 id="provenance-proposals">Proposal edits and overrides</h2>
        {provenance.proposals.length === 0 ? <p>No edits.</p> : null}
        {provenance.proposals.map((proposal) => (
          <div key={proposal.eventId} className="diff">
            <p>
              {formatDateTime(proposal.at)}, {proposal.actorName ?? 'unknown'}
              {proposal.round ? `, opening round ${proposal.round}` : ''} {proofButton(proposal, `the proposal edit of ${formatDateTime(proposal.at)}`)}
            </p>
            <ul>
              {proposal.changes.map((change) => (
                <li key={change.path}>
                  <code>{change.path}</code> {change.change}: {change.change === 'added' ? '' : <del>{json(change.old)}</del>} {change.change === 'removed' ? '' : <ins>{json(change.new)}</ins>}
                </li>
              ))}
            </ul>
          </div>
        ))}
        {provenance.overrides.map((override) => (
          <p key={override.eventId}>
            {formatDateTime(override.at)}: {override.actorName ?? 'unknown'} overrode <code>{override.code}</code>, reason: “{override.reason}” {proofButton(override, `the override of ${override.code}`)}
          </p>
        ))}
      </section>

      <section aria-labelledby="provenance-facts">
        <h2 id="provenance-facts">Facts snapshot the draft was computed from</h2>
        <table data-testid="provenance-facts">
          <tbody>
            {factRows(provenance.factsSnapshot).map(([path, value]) => (
              <tr key={path}>
                <th scope="row">{path}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Draft versions</h3>
        <ul>
          {provenance.drafts.map((draft) => (
            <li key={draft.id}>
              v{draft.draftVersion} {humanize(draft.status).toLowerCase()}, drafted {formatDateTime(draft.createdAt)}, branch {draft.primaryBranch === null ? "none (board-authored plan)" : humanize(draft.primaryBranch)}
              {draft.current ? ' (this recommendation)' : <a href={`#/audit/provenance/${draft.id}`}> (its provenance)</a>} {proofButton(draft, `draft v${draft.draftVersion}`)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="provenance-follow-up">
        <h2 id="provenance-follow-up">Implementation and treatment</h2>
        {provenance.implementation ? (
          <p>
            Implementation {humanize(provenance.implementation.status).toLowerCase()}
            {provenance.implementation.reason ? ` (${humanize(provenance.implementation.reason)})` : ''}
            {provenance.implementation.text ? `: ${provenance.implementation.text}` : ''}, recorded by {provenance.implementation.actorName ?? 'unknown'}. {proofButton(provenance.implementation, 'the implementation')}
          </p>
        ) : (
          <p>Implementation not recorded yet.</p>
        )}
        <ul>
          {provenance.treatmentEvents.map((treatment) => (
            <li key={treatment.id}>
              {humanize(treatment.kind)} {humanize(treatment.status).toLowerCase()} from {treatment.startDate}
              {treatment.endDate ? ` to ${treatment.endDate}` : ''}
              {treatment.regimens.length ? `, ${treatment.regimens.join(', ')}` : ''} {proofButton(treatment.events.at(-1) ?? {}, `the ${humanize(treatment.kind).toLowerCase()} event`)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="provenance-lines">
        <h2 id="provenance-lines">The audit trail, in order</h2>
        <table data-testid="provenance-lines">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Leaf</th>
              <th scope="col">Proof</th>
            </tr>
          </thead>
          <tbody>
            {provenance.lines.map((line: Line) => (
              <tr key={line.eventId} data-testid="provenance-line">
                <td>{formatDateTime(line.at)}</td>
                <td>{line.actorName ?? 'unknown'}</td>
                <td>{line.summary}</td>
                <td>{line.leafIndex ?? 'not sealed yet'}</td>
                <td>{proofButton(line, `${line.actorName ?? 'unknown'} ${line.summary}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
