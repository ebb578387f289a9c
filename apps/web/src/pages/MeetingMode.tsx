import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, apiWithHeaders, messageOf, refusalOf, type BodyOf } from '../api';
import { ErrorMessage, Facts, formatDateTime, humanize, ReadinessBadge } from '../components';
import { useLoad } from '../hooks';
import type { AgendaEntry, Me, Meeting, Tally } from '../types';
import { useMeetingLive, type LiveMode, type MeetingLive } from './meeting/live';
import { Findings, ProposalEditor, ProposalSummary } from './meeting/Proposal';
import { Timeline } from './meeting/Timeline';
import type { RecommendationDetail } from './meeting/types';
import './meeting/meeting.css';

/** Only when the event stream is down: polling every second keeps the tally under 2 s old. */
const TALLY_POLL_MS = 1000;
const CHOICES = ['APPROVE', 'APPROVE_WITH_CHANGES', 'REJECT', 'ABSTAIN'] as const;
const DEVIATION_REASONS = ['PATIENT_PREFERENCE', 'COMORBIDITY', 'CLINICAL_TRIAL', 'NEW_INFORMATION', 'OTHER'] as const;

export function MeetingMode({ meetingId, me, presenting = false }: { meetingId: string; me: Me; presenting?: boolean }): ReactNode {
  const agenda = useLoad(() => api('GET', '/meetings/{id}/agenda', { path: { id: meetingId } }), [meetingId]);
  const live = useMeetingLive(meetingId);
  const [selected, setSelected] = useState(0);

  if (!agenda.data) return agenda.error ? <ErrorMessage error={agenda.error} /> : <p>Loading the meeting…</p>;
  const { meeting, items } = agenda.data;
  const entry = items[selected] ?? items[0];
  return (
    <>
      <h1>
        Meeting mode: {meeting.title}, {formatDateTime(meeting.startsAt)}
      </h1>
      <p>
        {humanize(meeting.status)}
        {meeting.chairName ? `, chaired by ${meeting.chairName}` : ''}. {items.length} cases. <LiveBadge mode={live.mode} />
      </p>
      <VotingWindow meeting={meeting} isChair={meeting.chairId === me.id} onOpened={agenda.reload} />
      <div className="meeting">
        <nav aria-label="Agenda cases" className="meeting-agenda">
          <ol>
            {items.map((row, index) => (
              <li key={row.item.id}>
                <button type="button" className={index === selected ? 'case-tab current' : 'case-tab'} aria-current={index === selected ? 'true' : undefined} onClick={() => setSelected(index)}>
                  {index + 1}. {row.case.reference} <span className="muted">({row.item.minutesAllotted} min)</span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
        {entry ? <CasePanel key={entry.item.id} entry={entry} me={me} isChair={meeting.chairId === me.id} meetingId={meetingId} live={live} /> : <p>The agenda is empty.</p>}
      </div>
    </>
  );
}

/**
 * Votes and sign-off are taken while the meeting is in progress (from 15 minutes before its
 * start until it is closed) or in a voting window the chair opens; the chair may open one here.
 */
function VotingWindow({ meeting, isChair, onOpened }: { meeting: Meeting; isChair: boolean; onOpened: () => void }): ReactNode {
  const [closesAt, setClosesAt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      // datetime-local is local time without a zone: send the instant.
      await api('POST', '/meetings/{id}/voting-window', { path: { id: meeting.id }, body: { closesAt: new Date(closesAt).toISOString() } });
      onOpened();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const closed = meeting.status === 'CLOSED' || meeting.status === 'CANCELLED';
  return (
    <div data-testid="voting-window">
      <p role="status">
        {meeting.votingOpen
          ? `Voting is open${meeting.votingOpenUntil ? ` until ${formatDateTime(meeting.votingOpenUntil)} (voting window)` : ' while the meeting is in progress'}.`
          : 'Voting is closed: it opens 15 minutes before the meeting starts, or in a voting window the chair opens.'}
      </p>
      {isChair && !closed ? (
        <form className="inline-form" onSubmit={(event) => void open(event)}>
          <label htmlFor="voting-window-closes">Voting window closes</label>
          <input id="voting-window-closes" type="datetime-local" required value={closesAt} onChange={(event) => setClosesAt(event.target.value)} />
          <button type="submit" className="secondary">
            Open a voting window
          </button>
          <ErrorMessage error={error} />
        </form>
      ) : null}
    </div>
  );
}

/** Whether the screen follows the meeting live (text and icon, never colour alone). */
function LiveBadge({ mode }: { mode: LiveMode }): ReactNode {
  const text = { connecting: ['…', 'Connecting to live updates'], live: ['●', 'Live'], polling: ['↻', 'Live updates unavailable: refreshing every second'] }[mode];
  return (
    <span className={`badge live-${mode}`} data-testid="live-state" role="status">
      <span aria-hidden="true">{text[0]} </span>
      {text[1]}
    </span>
  );
}

function CasePanel({ entry, me, isChair, meetingId, live }: { entry: AgendaEntry; me: Me; isChair: boolean; meetingId: string; live: MeetingLive }): ReactNode {
  const recommendationId = entry.draftPlan?.recommendationId ?? null;
  const planTick = recommendationId ? live.planTick(recommendationId) : 0;
  const [saved, setSaved] = useState(0);
  const [notice, setNotice] = useState('');
  const loaded = useLoad(async () => (recommendationId ? apiWithHeaders('GET', '/recommendations/{id}', { path: { id: recommendationId } }) : null), [recommendationId, planTick, saved]);
  const recommendation = { ...loaded, data: (loaded.data?.data ?? null) as RecommendationDetail | null };
  const isClinician = me.roles.includes('CLINICIAN');
  const editable = recommendation.data?.status === 'DRAFT' || recommendation.data?.status === 'PROPOSED';
  return (
    <article className="case-panel" aria-labelledby="case-heading">
      <h2 id="case-heading" data-testid="case-heading">
        {entry.case.reference}: {entry.patient.name}
      </h2>
      <p>
        MRN {entry.patient.mrn}, born {entry.patient.birthDate}. <ReadinessBadge readiness={entry.readiness} status={entry.case.status} />
      </p>
      {entry.case.questionForBoard ? (
        <p>
          <strong>Question for the board:</strong> {entry.case.questionForBoard}
        </p>
      ) : null}
      {recommendationId ? (
        <Voting recommendationId={recommendationId} canVote={isClinician} status={recommendation.data?.status ?? entry.draftPlan?.status ?? ''} mode={live.mode} tick={live.tallyTick(recommendationId)} />
      ) : (
        <p>No plan to vote on yet: the case has no draft.</p>
      )}
      {recommendation.data?.status === 'SIGNED_OFF' ? (
        <p className="ok" data-testid="signoff-state">
          <span aria-hidden="true">✓ </span>Signed off{recommendation.data.signedOffAt ? ` on ${formatDateTime(recommendation.data.signedOffAt)}` : ''}
          {recommendation.data.followsPathway === false && recommendation.data.deviationReason ? `, deviating from the pathway (${humanize(recommendation.data.deviationReason)})` : ', following the pathway'}.
        </p>
      ) : isChair && recommendation.data ? (
        <SignOff recommendation={recommendation.data} draftBranch={entry.draftPlan?.primaryBranch ?? recommendation.data.primaryBranch} onSignedOff={recommendation.reload} />
      ) : null}
      <div className="columns">
        <section aria-labelledby="facts-heading">
          <h3 id="facts-heading">Facts</h3>
          <Facts facts={entry.facts} />
          <h3>Findings</h3>
          <ErrorMessage error={recommendation.error} />
          {recommendation.data ? (
            <Findings recommendation={recommendation.data} canOverride={isClinician} onOverridden={() => setSaved((value) => value + 1)} />
          ) : recommendationId ? (
            <p>Loading findings…</p>
          ) : null}
        </section>
        <section aria-labelledby="proposal-heading">
          <h3 id="proposal-heading">Proposal</h3>
          <p role="status" data-testid="proposal-notice">
            {notice}
          </p>
          {recommendation.data && isClinician && editable ? (
            <ProposalEditor
              key={recommendation.data.id}
              recommendation={recommendation.data}
              etag={loaded.data?.etag ?? null}
              meetingId={meetingId}
              onStale={(message) => {
                setNotice(message);
                setSaved((value) => value + 1);
              }}
              onSaved={(after, previousRound) => {
                setNotice(
                  after.round > previousRound
                    ? `Saved. The findings were recomputed. Voting round ${after.round} is open: votes of round ${previousRound} no longer count.`
                    : `Saved. The findings were recomputed; voting round ${after.round}.`,
                );
                setSaved((value) => value + 1);
              }}
            />
          ) : recommendation.data ? (
            <ProposalSummary proposal={recommendation.data.proposedPlan} />
          ) : null}
        </section>
      </div>
      {recommendationId ? <Timeline recommendationId={recommendationId} reloadKey={planTick + saved} /> : null}
      {recommendation.data?.decisionSummary ? (
        <section aria-labelledby="decision-heading">
          <h3 id="decision-heading">Board decision</h3>
          <pre className="summary" data-testid="decision-summary">
            {recommendation.data.decisionSummary}
          </pre>
        </section>
      ) : null}
      <section aria-labelledby="plan-heading">
        <h3 id="plan-heading">Draft summary</h3>
        {entry.draftPlan?.summary ? <pre className="summary">{entry.draftPlan.summary}</pre> : <p>No draft plan yet.</p>}
      </section>
    </article>
  );
}

/**
 * The tally is fetched again on each event of the meeting's stream; only while the stream is
 * down does it poll.
 */
function Voting({ recommendationId, canVote, status, mode, tick }: { recommendationId: string; canVote: boolean; status: string; mode: LiveMode; tick: number }): ReactNode {
  const [tally, setTally] = useState<Tally | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
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
    const timer = mode === 'polling' ? window.setInterval(load, TALLY_POLL_MS) : undefined;
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [recommendationId, tick, mode === 'polling']);

  return (
    <section aria-labelledby="tally-heading" className="voting">
      <h3 id="tally-heading" data-testid="tally-round">
        Votes{tally ? `, round ${tally.round}` : ''}
      </h3>
      <p>
        Plan status: {humanize(status)}. {mode === 'polling' ? 'The tally refreshes every second.' : 'The tally updates as votes are cast.'}
      </p>
      <ErrorMessage error={error} />
      <div className="voting-body">
        {tally ? (
          <div>
            <table className="tally">
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
            <p data-testid="tally-state">
              {tally.consensus ? '✓ Consensus reached' : '✗ No consensus yet'}; {tally.quorate ? '✓ quorate' : `✗ not quorate (missing: ${tally.missingSpecialties.map(humanize).join(', ') || 'none'})`}
            </p>
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
        {canVote ? <VoteForm recommendationId={recommendationId} onVoted={setTally} /> : null}
      </div>
    </section>
  );
}

type VoteBody = BodyOf<'POST', '/recommendations/{id}/votes'>;

function VoteForm({ recommendationId, onVoted }: { recommendationId: string; onVoted: (tally: Tally) => void }): ReactNode {
  const [choice, setChoice] = useState<VoteBody['choice'] | ''>('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    setDone('');
    try {
      // None chosen (''): the API answers 400 naming `choice`, shown like any refusal.
      const body: VoteBody = { choice: choice as VoteBody['choice'], ...(comment.trim() ? { comment: comment.trim() } : {}) };
      onVoted(await api('POST', '/recommendations/{id}/votes', { path: { id: recommendationId }, body }));
      setDone(`Your vote (${humanize(choice)}) is recorded.`);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <form className="vote-form" onSubmit={(event) => void submit(event)}>
      <fieldset>
        <legend>Your vote</legend>
        {CHOICES.map((value) => (
          <label key={value} className="choice">
            <input type="radio" name="choice" value={value} checked={choice === value} onChange={() => setChoice(value)} required /> {humanize(value)}
          </label>
        ))}
      </fieldset>
      <label htmlFor="vote-comment">Comment (optional)</label>
      <textarea id="vote-comment" rows={2} maxLength={2000} value={comment} onChange={(event) => setComment(event.target.value)} />
      <ErrorMessage error={error} />
      <p role="status">{done}</p>
      <button type="submit" disabled={!choice}>
        Cast vote
      </button>
    </form>
  );
}

function SignOff({ recommendation, draftBranch, onSignedOff }: { recommendation: RecommendationDetail; draftBranch: string; onSignedOff: () => void }): ReactNode {
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const proposedBranch = recommendation.proposedPlan?.branch ?? null;
  const deviates = proposedBranch !== null && proposedBranch !== draftBranch;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    setFieldErrors({});
    try {
      const body = deviates && reason ? { deviationReason: reason, ...(reason === 'OTHER' || text.trim() ? { deviationText: text.trim() } : {}) } : {};
      await api('POST', '/recommendations/{id}/sign-off', { path: { id: recommendation.id }, body });
      onSignedOff();
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const shown = new Set(deviates ? ['deviationReason', ...(reason === 'OTHER' ? ['deviationText'] : [])] : []);
        const placed: Record<string, string> = {};
        const rest: string[] = [];
        for (const error of caught.errors) {
          if (shown.has(error.field)) placed[error.field] = placed[error.field] ? `${placed[error.field]}; ${error.message}` : error.message;
          else rest.push(error.message);
        }
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
      {proposedBranch ? (
        <p>
          Proposed: {humanize(proposedBranch)}; pathway primary branch: {humanize(draftBranch)}.
          {deviates ? ' The proposal departs from the pathway: a deviation reason is required.' : ' The proposal follows the pathway.'}
        </p>
      ) : (
        <p>No proposal has been recorded yet.</p>
      )}
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
          {fieldErrors.deviationReason ? (
            <span className="field-error" id="signoff-deviationReason-error">
              <span aria-hidden="true">✖ </span>
              {fieldErrors.deviationReason}
            </span>
          ) : null}
          {reason === 'OTHER' ? (
            <>
              <label htmlFor="deviation-text">
                Deviation explanation<span aria-hidden="true"> *</span>
              </label>
              <textarea id="deviation-text" rows={2} maxLength={2000} required aria-required="true" value={text} onChange={(event) => setText(event.target.value)} {...invalid('deviationText')} />
              {fieldErrors.deviationText ? (
                <span className="field-error" id="signoff-deviationText-error">
                  <span aria-hidden="true">✖ </span>
                  {fieldErrors.deviationText}
                </span>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
      <div data-testid="signoff-refusal">
        <ErrorMessage error={refusal} />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing off…' : 'Sign off the plan'}
      </button>
    </form>
  );
}
