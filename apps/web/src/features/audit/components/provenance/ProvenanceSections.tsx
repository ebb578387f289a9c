import type { ReactNode } from 'react';
import { formatDateTime, humanize } from '../../../../components';
import type { Provenance } from '../../../../types';
import { factRows, json } from '../../provenance-format';

type Line = Provenance['lines'][number];

/** What a proof button needs: the audit event of a line (none for some). */
export interface Linked {
  eventId?: string;
  leafIndex?: string | null;
}

interface SectionProps {
  provenance: Provenance;
  /** The button that checks the inclusion proof of a line's event. */
  proofButton: (linked: Linked, label: string) => ReactNode;
}

/** The vote rounds, each vote with its proof. */
export function VotesSection({ provenance, proofButton }: SectionProps): ReactNode {
  return (
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
  );
}

/** Who signed off, the deviation if any, quorum and attendance at that moment. */
export function SignOffSection({ provenance, proofButton }: SectionProps): ReactNode {
  const { signOff } = provenance;
  return (
    <section aria-labelledby="provenance-sign-off">
      <h2 id="provenance-sign-off">Sign-off</h2>
      {signOff ? (
        <div data-testid="provenance-sign-off">
          <p>
            Signed off by <strong>{signOff.signerName ?? 'unknown'}</strong> on {formatDateTime(signOff.at)}
            {signOff.round ? ` in round ${signOff.round}` : ''}. {proofButton(signOff, 'the sign-off')}
          </p>
          <p>
            {signOff.followsPathway === false
              ? `Deviates from the pathway: ${humanize(signOff.deviationReason ?? 'no reason')}${signOff.deviationText ? ` (${signOff.deviationText})` : ''}.`
              : 'Follows the pathway.'}
          </p>
          <p>
            Quorum at sign-off:{' '}
            {signOff.quorum.quorate
              ? 'quorate'
              : `not quorate, missing ${signOff.quorum.missing.map(humanize).join(', ')}`}{' '}
            (required: {signOff.quorum.required.map(humanize).join(', ') || 'none'}).
          </p>
          <p>
            Present:{' '}
            {signOff.attendance
              .map((attendee) => `${attendee.name}${attendee.specialty ? ` (${humanize(attendee.specialty)})` : ''}`)
              .join('; ') || 'nobody recorded'}
            .
          </p>
        </div>
      ) : (
        <p>Not signed off.</p>
      )}
    </section>
  );
}

/** Each edit of the proposal as a diff, and the overrides. */
export function ProposalsSection({ provenance, proofButton }: SectionProps): ReactNode {
  return (
    <section aria-labelledby="provenance-proposals">
      <h2 id="provenance-proposals">Proposal edits and overrides</h2>
      {provenance.proposals.length === 0 ? <p>No edits.</p> : null}
      {provenance.proposals.map((proposal) => (
        <div key={proposal.eventId} className="diff">
          <p>
            {formatDateTime(proposal.at)}, {proposal.actorName ?? 'unknown'}
            {proposal.round ? `, opening round ${proposal.round}` : ''}{' '}
            {proofButton(proposal, `the proposal edit of ${formatDateTime(proposal.at)}`)}
          </p>
          <ul>
            {proposal.changes.map((change) => (
              <li key={change.path}>
                <code>{change.path}</code> {change.change}:{' '}
                {change.change === 'added' ? '' : <del>{json(change.old)}</del>}{' '}
                {change.change === 'removed' ? '' : <ins>{json(change.new)}</ins>}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {provenance.overrides.map((override) => (
        <p key={override.eventId}>
          {formatDateTime(override.at)}: {override.actorName ?? 'unknown'} overrode <code>{override.code}</code>,
          reason: “{override.reason}” {proofButton(override, `the override of ${override.code}`)}
        </p>
      ))}
    </section>
  );
}

/** The facts snapshot the draft was computed from, and every draft version. */
export function FactsSection({ provenance, proofButton }: SectionProps): ReactNode {
  return (
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
            v{draft.draftVersion} {humanize(draft.status).toLowerCase()}, drafted {formatDateTime(draft.createdAt)},
            branch {draft.primaryBranch === null ? 'none (board-authored plan)' : humanize(draft.primaryBranch)}
            {draft.current ? (
              ' (this recommendation)'
            ) : (
              <a href={`#/audit/provenance/${draft.id}`}> (its provenance)</a>
            )}{' '}
            {proofButton(draft, `draft v${draft.draftVersion}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Implementation and treatment after the decision. */
export function FollowUpSection({ provenance, proofButton }: SectionProps): ReactNode {
  return (
    <section aria-labelledby="provenance-follow-up">
      <h2 id="provenance-follow-up">Implementation and treatment</h2>
      {provenance.implementation ? (
        <p>
          Implementation {humanize(provenance.implementation.status).toLowerCase()}
          {provenance.implementation.reason ? ` (${humanize(provenance.implementation.reason)})` : ''}
          {provenance.implementation.text ? `: ${provenance.implementation.text}` : ''}, recorded by{' '}
          {provenance.implementation.actorName ?? 'unknown'}.{' '}
          {proofButton(provenance.implementation, 'the implementation')}
        </p>
      ) : (
        <p>Implementation not recorded yet.</p>
      )}
      <ul>
        {provenance.treatmentEvents.map((treatment) => (
          <li key={treatment.id}>
            {humanize(treatment.kind)} {humanize(treatment.status).toLowerCase()} from {treatment.startDate}
            {treatment.endDate ? ` to ${treatment.endDate}` : ''}
            {treatment.regimens.length ? `, ${treatment.regimens.join(', ')}` : ''}{' '}
            {proofButton(treatment.events.at(-1) ?? {}, `the ${humanize(treatment.kind).toLowerCase()} event`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every audit line of the recommendation, in order. */
export function LinesSection({ provenance, proofButton }: SectionProps): ReactNode {
  return (
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
  );
}
