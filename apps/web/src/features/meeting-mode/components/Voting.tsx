import { useState, type ReactNode } from 'react';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import type { Me, Meeting, Tally } from '../../../types';
import type { LiveMode } from '../hooks/live';
import { tallyMessages } from '../tally-messages';
import { type VoteBody, VoteForm } from './voting/VoteForm';

export function Voting({
  tally,
  error,
  status,
  mode,
  me,
  meeting,
  checkedIn,
  recommendationId,
  onVoted,
}: {
  tally: Tally | null;
  error: string | null;
  status: string;
  mode: LiveMode;
  me: Me;
  meeting: Meeting;
  checkedIn: boolean;
  recommendationId: string;
  onVoted: (tally: Tally) => void;
}): ReactNode {
  const isClinician = me.roles.includes('CLINICIAN');
  const [changing, setChanging] = useState(false);
  const mine = tally?.votes.find((vote) => (vote as { voterId: string }).voterId === me.id) as
    { choice: string; comment: string | null; at: string } | undefined;
  const messages = tally ? tallyMessages(tally, status) : null;
  // Why this clinician may not vote now (null: the form is offered).
  const refusal = !isClinician
    ? null
    : status === 'SIGNED_OFF'
      ? 'The plan is signed off: voting is over.'
      : status !== 'PROPOSED'
        ? 'Voting starts when the chair saves a proposal.'
        : !meeting.votingOpen
          ? 'Voting is closed: it opens 15 minutes before the meeting starts, or in a voting window the chair opens.'
          : !checkedIn
            ? 'You are not checked in at this meeting: only clinicians checked in may vote.'
            : null;

  return (
    <section aria-labelledby="tally-heading" className="voting">
      <h3 id="tally-heading" data-testid="tally-round">
        Votes{tally ? `, round ${tally.round}` : ''}
      </h3>
      <p className="muted">
        {mode === 'polling' ? 'The tally refreshes every second.' : 'The tally updates as votes are cast.'}
      </p>
      <ErrorMessage error={error} />
      <div className="voting-body">
        {tally ? (
          <div>
            <table className="tally">
              <caption className="visually-hidden">Votes of round {tally.round}</caption>
              <tbody>
                <tr>
                  <th scope="row">Approve</th>
                  <td data-testid="tally-approve">{tally.approve}</td>
                </tr>
                <tr>
                  <th scope="row">Approve with changes</th>
                  <td data-testid="tally-approve-with-changes">{tally.approveWithChanges}</td>
                </tr>
                <tr>
                  <th scope="row">Reject</th>
                  <td data-testid="tally-reject">{tally.reject}</td>
                </tr>
                <tr>
                  <th scope="row">Abstain</th>
                  <td data-testid="tally-abstain">{tally.abstain}</td>
                </tr>
              </tbody>
            </table>
            {messages ? (
              <div data-testid="tally-state">
                <p data-testid="quorum-state">{messages.quorum}</p>
                <p data-testid="consensus-state">{messages.consensus}</p>
              </div>
            ) : null}
            {tally.votes.length > 0 ? (
              <ul className="votes">
                {tally.votes.map((vote) => (
                  <li key={vote.voterId}>
                    {vote.voter}
                    {vote.specialty ? ` (${humanize(vote.specialty)})` : ''}: {humanize(vote.choice)}
                    {vote.comment ? ` — “${vote.comment}”` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {mine && changing && !refusal ? (
          <VoteForm
            recommendationId={recommendationId}
            change={{ choice: mine.choice as VoteBody['choice'], comment: mine.comment ?? '' }}
            onCancel={() => setChanging(false)}
            onVoted={(next) => {
              setChanging(false);
              onVoted(next);
            }}
          />
        ) : mine ? (
          <div>
            <p className="ok" data-testid="my-vote">
              <span aria-hidden="true">✓ </span>Your vote in round {tally?.round}:{' '}
              <strong>{humanize(mine.choice)}</strong>, cast {formatDateTime(mine.at)}
              {mine.comment ? ` — “${mine.comment}”` : ''}. If the chair changes the proposal, a new round opens and you
              vote again.
            </p>
            {!refusal ? (
              <button type="button" className="secondary" onClick={() => setChanging(true)}>
                Change my vote
              </button>
            ) : null}
          </div>
        ) : refusal ? (
          <p data-testid="vote-refusal">
            <span aria-hidden="true">ℹ </span>
            {refusal}{' '}
            {status === 'PROPOSED' && meeting.votingOpen && !checkedIn ? (
              <a href={`#/meetings/${meeting.id}/attendance`}>Check in on the attendance page</a>
            ) : null}
          </p>
        ) : isClinician ? (
          <VoteForm recommendationId={recommendationId} onVoted={onVoted} />
        ) : null}
      </div>
    </section>
  );
}
