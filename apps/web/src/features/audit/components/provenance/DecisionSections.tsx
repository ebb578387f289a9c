import type { ReactNode } from 'react';
import { formatDateTime, humanize } from '../../../../components';
import { json } from '../../provenance-format';
import type { SectionProps } from './section-props';

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
