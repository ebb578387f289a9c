import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, messageOf, refusalOf, type BodyOf } from '../../../api';
import { placeErrors } from '../../../components/form/field-errors';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import type { Me, Meeting, Tally } from '../../../types';
import type { LiveMode } from '../hooks/live';
import { signOffMissing, tallyMessages } from '../tally-messages';
import type { RecommendationDetail } from '../types';
import { FieldMessage } from '../../../components/form/fields';

/** Only when the event stream is down: polling every second keeps the tally under 2 s old. */
const TALLY_POLL_MS = 1000;
const CHOICES = ['APPROVE', 'APPROVE_WITH_CHANGES', 'REJECT', 'ABSTAIN'] as const;
const DEVIATION_REASONS = ['PATIENT_PREFERENCE', 'COMORBIDITY', 'CLINICAL_TRIAL', 'NEW_INFORMATION', 'OTHER'] as const;

/** The tally of the current round; fetched again on each event of the meeting's stream, polled only while it is down. */
export function useTally(recommendationId: string | null, tick: number, mode: LiveMode): { tally: Tally | null; error: string | null; set: (tally: Tally) => void } {
  const [tally, setTally] = useState<Tally | null>(null);
  const [error, setError] = useState<string | null>(null);
  const polling = mode === 'polling';
  useEffect(() => {
    if (!recommendationId) return;
    let current = true;
    const load = (): void => {
      api('GET', '/recommendations/{id}/votes', { path: { id: recommendationId } }).then(
        (next) => {
          if (!current) return;
          setTally(next);
          setError(null);
        },
        (caught: unknown) => current && setError(messageOf(caught)),
      );
    };
    load();
    const timer = polling ? window.setInterval(load, TALLY_POLL_MS) : undefined;
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [recommendationId, tick, polling]);
  return { tally, error, set: setTally };
}

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
  const mine = tally?.votes.find((vote) => (vote as { voterId: string }).voterId === me.id) as { choice: string; comment: string | null; at: string } | undefined;
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
      <p className="muted">{mode === 'polling' ? 'The tally refreshes every second.' : 'The tally updates as votes are cast.'}</p>
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
              <span aria-hidden="true">✓ </span>Your vote in round {tally?.round}: <strong>{humanize(mine.choice)}</strong>, cast {formatDateTime(mine.at)}
              {mine.comment ? ` — “${mine.comment}”` : ''}. If the chair changes the proposal, a new round opens and you vote again.
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
            {status === 'PROPOSED' && meeting.votingOpen && !checkedIn ? <a href={`#/meetings/${meeting.id}/attendance`}>Check in on the attendance page</a> : null}
          </p>
        ) : isClinician ? (
          <VoteForm recommendationId={recommendationId} onVoted={onVoted} />
        ) : null}
      </div>
    </section>
  );
}

type VoteBody = BodyOf<'POST', '/recommendations/{id}/votes'>;

/** Casts a vote, or with `change` changes the one cast in this round (PUT .../votes/mine). */
function VoteForm({ recommendationId, onVoted, change, onCancel }: { recommendationId: string; onVoted: (tally: Tally) => void; change?: { choice: VoteBody['choice']; comment: string }; onCancel?: () => void }): ReactNode {
  const [choice, setChoice] = useState<VoteBody['choice'] | ''>(change?.choice ?? '');
  const [comment, setComment] = useState(change?.comment ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!choice) return;
    setError(null);
    setBusy(true);
    try {
      const body: VoteBody = { choice, ...(comment.trim() ? { comment: comment.trim() } : {}) };
      onVoted(change ? await api('PUT', '/recommendations/{id}/votes/mine', { path: { id: recommendationId }, body }) : await api('POST', '/recommendations/{id}/votes', { path: { id: recommendationId }, body }));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="vote-form" onSubmit={(event) => void submit(event)}>
      <fieldset>
        <legend>{change ? 'Change your vote' : 'Your vote'}</legend>
        {CHOICES.map((value) => (
          <label key={value} className="choice">
            <input type="radio" name="choice" value={value} checked={choice === value} onChange={() => setChoice(value)} required /> {humanize(value)}
          </label>
        ))}
      </fieldset>
      <label htmlFor="vote-comment">{choice === 'APPROVE_WITH_CHANGES' ? 'The changes you propose (the chair edits the proposal)' : 'Comment (optional)'}</label>
      <textarea id="vote-comment" rows={2} maxLength={2000} value={comment} onChange={(event) => setComment(event.target.value)} />
      <ErrorMessage error={error} />
      <div className="inline-form">
        <button type="submit" disabled={!choice || busy || (change && choice === change.choice && comment.trim() === change.comment)}>
          {change ? 'Save the changed vote' : 'Cast vote'}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Keep my vote
          </button>
        ) : null}
      </div>
    </form>
  );
}

export function SignOff({ recommendation, draftBranch, branchTitle, tally, meeting, onSignedOff }: { recommendation: RecommendationDetail; draftBranch: string | null; branchTitle: (code: string) => string; tally: Tally | null; meeting: Meeting; onSignedOff: () => void }): ReactNode {
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const proposedBranch = recommendation.proposedPlan?.branch ?? null;
  // A board-authored plan (no pathway) has no branch to depart from.
  const deviates = draftBranch !== null && proposedBranch !== null && proposedBranch !== draftBranch;
  const missing = signOffMissing(recommendation, tally, meeting);
  if (deviates && !reason) missing.push('a deviation reason: the proposal departs from the pathway');
  if (deviates && reason === 'OTHER' && !text.trim()) missing.push('the explanation of the deviation');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    setFieldErrors({});
    try {
      const body = deviates && reason ? { deviationReason: reason, ...(reason === 'OTHER' || text.trim() ? { deviationText: text.trim() } : {}) } : {};
      await api('POST', '/recommendations/{id}/sign-off', { path: { id: recommendation.id }, body: body as BodyOf<'POST', '/recommendations/{id}/sign-off'> });
      onSignedOff();
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const { placed, rest } = placeErrors(caught.errors, deviates ? ['deviationReason', ...(reason === 'OTHER' ? ['deviationText'] : [])] : []);
        setFieldErrors(placed);
        setRefusal(rest.length > 0 ? rest.join('; ') : null);
      } else {
        setRefusal(refusalOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } => (fieldErrors[field] ? { 'aria-invalid': true, 'aria-describedby': `signoff-${field}-error` } : {});
  return (
    <form className="signoff" noValidate aria-labelledby="signoff-heading" onSubmit={(event) => void submit(event)}>
      <h3 id="signoff-heading">Sign off</h3>
      {recommendation.pathwayId === null ? (
        <p>{recommendation.proposedPlan ? 'The board-authored plan is recorded: no pathway applies, so there is no pathway to depart from.' : 'No board plan has been recorded yet.'}</p>
      ) : proposedBranch && draftBranch ? (
        <p>
          Proposed: {branchTitle(proposedBranch)}; pathway primary branch: {branchTitle(draftBranch)}.
          {deviates ? ' The proposal departs from the pathway: a deviation reason is required.' : ' The proposal follows the pathway.'}
        </p>
      ) : null}
      {deviates ? (
        <>
          <label htmlFor="deviation-reason">
            Deviation reason<span aria-hidden="true"> *</span>
          </label>
          <select id="deviation-reason" required aria-required="true" value={reason} onChange={(event) => setReason(event.target.value)} {...invalid('deviationReason')}>
            <option value="">Choose a reason</option>
            {DEVIATION_REASONS.map((value) => (
              <option key={value} value={value}>
                {humanize(value)}
              </option>
            ))}
          </select>
          <FieldMessage id="signoff-deviationReason-error" message={fieldErrors.deviationReason} />
          {reason === 'OTHER' ? (
            <>
              <label htmlFor="deviation-text">
                Deviation explanation<span aria-hidden="true"> *</span>
              </label>
              <textarea id="deviation-text" rows={2} maxLength={2000} required aria-required="true" value={text} onChange={(event) => setText(event.target.value)} {...invalid('deviationText')} />
              <FieldMessage id="signoff-deviationText-error" message={fieldErrors.deviationText} />
            </>
          ) : null}
        </>
      ) : null}
      {missing.length > 0 ? (
        <div data-testid="signoff-missing" id="signoff-missing">
          <p>Sign-off needs:</p>
          <ul className="missing-list">
            {missing.map((item) => (
              <li key={item}>
                <span aria-hidden="true">✖ </span>
                {item}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="ok" data-testid="signoff-ready">
          <span aria-hidden="true">✓ </span>Quorum, consensus and findings allow the sign-off.
        </p>
      )}
      <div data-testid="signoff-refusal">
        <ErrorMessage error={refusal} />
      </div>
      <button type="submit" disabled={busy || missing.length > 0} aria-describedby={missing.length > 0 ? 'signoff-missing' : undefined}>
        {busy ? 'Signing off…' : 'Sign off the plan'}
      </button>
    </form>
  );
}
