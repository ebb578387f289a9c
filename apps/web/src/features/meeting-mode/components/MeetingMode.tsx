import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, apiWithHeaders, messageOf } from '../../../api';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { AgendaEntry, Me, Meeting } from '../../../types';
import { BoardPlanEditor } from './BoardPlanEditor';
import { BoardPlanSummary } from './board-plan/BoardPlanSummary';
import { CasePresentation, presentedOf } from './CasePresentation';
import { Discussion, outcomeLabel } from './Discussion';
import { useMeetingLive, type LiveMode, type MeetingLive } from '../hooks/live';
import { PlanMarkdown } from './PlanMarkdown';
import { PresentationView } from './PresentationView';
import { ProposalEditor } from './Proposal';
import { Findings } from './proposal/Findings';
import { ProposalSummary } from './proposal/ProposalSummary';
import { Timeline } from './Timeline';
import type { RecommendationDetail } from '../types';
import { SignOff, useTally, Voting } from './Voting';
import { MeetingPlace } from '../../meetings/components/MeetingsPage';
import { editsProposal, proposalEditorsText } from '../../meetings/components/MeetingDelegate';
import './meeting.css';

/** Where a case stands on the agenda, as a short mark for the agenda strip (text, not colour). */
function stateOf(entry: AgendaEntry): string | null {
  if (entry.item.outcome) return outcomeLabel(entry.item.outcome).split(' ')[0] ?? null;
  if (entry.draftPlan?.status === 'SIGNED_OFF' || entry.case.status === 'DECIDED') return 'Decided';
  return null;
}

/**
 * The meeting as the board runs it, one case at a time in the order of a real discussion: the
 * presentation, the draft plan, its timeline, the proposal, the votes, the sign-off and the
 * discussion's outcome. `presenting` shows the presentation view for the projector instead.
 */
export function MeetingMode({ meetingId, me, presenting = false }: { meetingId: string; me: Me; presenting?: boolean }): ReactNode {
  const live = useMeetingLive(meetingId);
  const [changes, setChanges] = useState(0);
  const agenda = useLoad(() => api('GET', '/meetings/{id}/agenda', { path: { id: meetingId } }), [meetingId, live.anyTick, changes]);
  const attendance = useLoad(() => api('GET', '/meetings/{id}/attendance', { path: { id: meetingId } }), [meetingId, live.anyTick]);
  const [selected, setSelected] = useState(0);
  const [following, setFollowing] = useState(false);
  const presentedIndex = agenda.data ? agenda.data.items.findIndex((row) => row.item.id === agenda.data?.meeting.presentedItemId) : -1;
  // Following the presentation: the case the projector shows, as it changes.
  useEffect(() => {
    if (following && presentedIndex >= 0) setSelected(presentedIndex);
  }, [following, presentedIndex]);

  if (!agenda.data) return agenda.error ? <ErrorMessage error={agenda.error} /> : <p>Loading the meeting…</p>;
  const { meeting, items } = agenda.data;
  if (presenting) return <PresentationView meeting={meeting} items={items} drives={me.roles.includes('COORDINATOR')} />;
  const entry = items[selected] ?? items[0];
  const checkedIn = (attendance.data?.attendees ?? []).some((attendee) => attendee.userId === me.id && attendee.leftAt === null);
  return (
    <>
      <h1 className="meeting-title">
        {meeting.title} <span className="muted">{formatDateTime(meeting.startsAt)}</span>
      </h1>
      <p className="meeting-line">
        {humanize(meeting.status)}
        {meeting.chairName ? `, chaired by ${meeting.chairName}` : ''}. {items.length} cases. <MeetingPlace meeting={meeting} /> <LiveBadge mode={live.mode} />
        {' · '}
        <a href={`#/meeting/${meeting.id}/present`}>Presentation view</a> · <a href={`#/meetings/${meeting.id}/attendance`}>Attendance{checkedIn ? ' (you are checked in)' : ''}</a>
      </p>
      <div className="meeting-line meeting-controls">
        <p className="follow">
          <label className="choice">
            <input type="checkbox" checked={following} onChange={(event) => setFollowing(event.target.checked)} /> Follow the presentation
          </label>{' '}
          <span className="muted" data-testid="presented-case">
            {presentedIndex >= 0 ? `(on the screen: ${items[presentedIndex]?.case.reference ?? ''})` : '(the presentation view has not started)'}
          </span>
        </p>
        {attendance.data ? (
          <p data-testid="meeting-quorum">{attendance.data.quorum.quorate ? '✓ Quorate' : `✖ Not quorate: ${attendance.data.quorum.missingSpecialties.map(humanize).join(', ')} missing`}</p>
        ) : null}
        <VotingWindow meeting={meeting} isChair={meeting.chairId === me.id} onOpened={agenda.reload} />
      </div>
      <div className="meeting">
        <nav aria-label="Agenda cases" className="meeting-agenda">
          <ol>
            {items.map((row, index) => {
              const state = stateOf(row);
              return (
                <li key={row.item.id}>
                  <button type="button" className={index === selected ? 'case-tab current' : 'case-tab'} aria-current={index === selected ? 'true' : undefined} onClick={() => {
                      setSelected(index);
                      // Choosing a case yourself stops following the projector.
                      if (index !== presentedIndex) setFollowing(false);
                    }}>
                    {index + 1}. <span className="reference">{row.case.reference}</span> <span className="muted">({row.item.minutesAllotted} min)</span>
                    {state ? <span className="tab-state"> · {state}</span> : null}
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>
        {entry ? (
          <CasePanel key={entry.item.id} entry={entry} me={me} meeting={meeting} checkedIn={checkedIn} live={live} onAgendaChanged={() => setChanges((value) => value + 1)} />
        ) : (
          <p>The agenda is empty.</p>
        )}
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
      {isChair && !closed && !meeting.votingOpen ? (
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

function CasePanel({ entry, me, meeting, checkedIn, live, onAgendaChanged }: { entry: AgendaEntry; me: Me; meeting: Meeting; checkedIn: boolean; live: MeetingLive; onAgendaChanged: () => void }): ReactNode {
  const recommendationId = entry.draftPlan?.recommendationId ?? null;
  const planTick = recommendationId ? live.planTick(recommendationId) : 0;
  const [saved, setSaved] = useState(0);
  const [notice, setNotice] = useState('');
  const loaded = useLoad(async () => (recommendationId ? apiWithHeaders('GET', '/recommendations/{id}', { path: { id: recommendationId } }) : null), [recommendationId, planTick, saved]);
  const recommendation = loaded.data ? (loaded.data.data as unknown as RecommendationDetail) : null;
  const tally = useTally(recommendationId, recommendationId ? live.tallyTick(recommendationId) + saved : 0, live.mode);
  const isClinician = me.roles.includes('CLINICIAN');
  const isChair = meeting.chairId === me.id;
  // The chair, or the delegate the chair named, edits the proposal; sign-off stays with the chair.
  const editor = editsProposal(meeting, me);
  const status = recommendation?.status ?? entry.draftPlan?.status ?? '';
  const editable = status === 'DRAFT' || status === 'PROPOSED';
  const draft = recommendation?.draftPlan;
  const branchTitle = (code: string): string => (draft ? [draft.primaryBranch, ...draft.alternatives].find((branch) => branch.code === code)?.title : undefined) ?? humanize(code);
  const reloadPlan = (): void => setSaved((value) => value + 1);

  return (
    <article className="case-panel" aria-labelledby="case-heading">
      <h2 id="case-heading" data-testid="case-heading">
        <span className="reference">{entry.case.reference}</span>: {entry.patient.name}
        <span className="muted case-status"> · {humanize(entry.case.status)}</span>
      </h2>
      {entry.item.presenter ? <p className="muted">Presented by {entry.item.presenter.id === me.id ? 'you' : entry.item.presenter.displayName}.</p> : null}
      <CasePresentation presented={presentedOf(entry)} />

      <div className="plan-grid">
        <section aria-labelledby="plan-heading" className="plan">
          <h3 id="plan-heading">Draft plan{entry.draftPlan ? ` (version ${entry.draftPlan.draftVersion}, from the pathway)` : ''}</h3>
          {entry.draftPlan?.summary ? <PlanMarkdown markdown={entry.draftPlan.summary} scrollLabel={`Draft plan of ${entry.case.reference}`} /> : <p>No draft plan yet: the pathway has not been run on this case.</p>}
          {me.roles.includes('COORDINATOR') && status !== 'SIGNED_OFF' ? <DraftButton caseId={entry.case.id} hasDraft={entry.draftPlan !== null} onDrafted={onAgendaChanged} /> : null}
        </section>

        {recommendationId ? <Timeline recommendationId={recommendationId} reloadKey={planTick + saved} /> : null}
      </div>

      <div className="decision-grid">
        <section aria-labelledby="proposal-heading" className="proposal">
          <h3 id="proposal-heading">Proposal</h3>
          <p className="muted" data-testid="proposal-editors">
            {proposalEditorsText(meeting)}
          </p>
          <p role="status" data-testid="proposal-notice">
            {notice}
          </p>
          <ErrorMessage error={loaded.error} />
          {recommendation && editor && editable ? (
            (() => {
              // One editor per kind of plan, the same save and stale handling for both.
              const editorProps = {
                recommendation,
                etag: loaded.data?.etag ?? null,
                meetingId: meeting.id,
                onStale: (message: string) => {
                  setNotice(message);
                  reloadPlan();
                },
                onSaved: (after: RecommendationDetail, previousRound: number) => {
                  const saved = recommendation.pathwayId === null ? 'Saved' : 'Saved. The findings were recomputed';
                  setNotice(after.round > previousRound ? `${saved}. Voting round ${after.round} is open: votes of round ${previousRound} no longer count.` : `${saved}; voting round ${after.round}.`);
                  reloadPlan();
                },
              };
              return recommendation.pathwayId === null ? <BoardPlanEditor key={recommendation.id} {...editorProps} /> : <ProposalEditor key={recommendation.id} {...editorProps} />;
            })()
          ) : recommendation?.pathwayId === null ? (
            <>
              <BoardPlanSummary plan={recommendation.proposedPlan?.boardPlan} rationale={recommendation.proposedPlan?.rationale ?? null} />
              {editable && isClinician ? <p className="muted">To propose a change, vote &ldquo;Approve with changes&rdquo; and say what in the comment.</p> : null}
            </>
          ) : recommendation ? (
            <>
              <ProposalSummary proposal={recommendation.proposedPlan} branchTitle={branchTitle} />
              {editable && isClinician ? <p className="muted">To propose a change, vote &ldquo;Approve with changes&rdquo; and say what in the comment.</p> : null}
            </>
          ) : !recommendationId ? (
            <p>Nothing to propose yet: the case has no draft plan.</p>
          ) : null}
          {recommendation ? (
            // Open for whoever overrides block findings; the others open it on demand.
            <details className="findings-details" open={editor && meeting.chairId !== null}>
              <summary>
                <h4>Findings of the validator ({recommendation.findings.length})</h4>
              </summary>
              <Findings recommendation={recommendation} canOverride={editor && meeting.chairId !== null} onOverridden={reloadPlan} />
            </details>
          ) : (
            <>
              <h4>Findings of the validator</h4>
              {recommendationId ? <p>Loading findings…</p> : <p>No findings without a draft.</p>}
            </>
          )}
        </section>

        <div>
          {recommendationId ? (
            <Voting tally={tally.tally} error={tally.error} status={status} mode={live.mode} me={me} meeting={meeting} checkedIn={checkedIn} recommendationId={recommendationId} onVoted={tally.set} />
          ) : null}

          {recommendation?.status === 'SIGNED_OFF' ? (
            <p className="ok" data-testid="signoff-state">
              <span aria-hidden="true">✓ </span>Signed off{recommendation.signedOffAt ? ` on ${formatDateTime(recommendation.signedOffAt)}` : ''}
              {recommendation.pathwayId === null
                ? ', board-authored plan'
                : recommendation.followsPathway === false && recommendation.deviationReason
                  ? `, deviating from the pathway (${humanize(recommendation.deviationReason)})`
                  : ', following the pathway'}
              .
            </p>
          ) : isChair && recommendation ? (
            <SignOff recommendation={recommendation} draftBranch={entry.draftPlan?.primaryBranch ?? recommendation.primaryBranch} branchTitle={branchTitle} tally={tally.tally} meeting={meeting} onSignedOff={reloadPlan} />
          ) : null}
          <Discussion entry={entry} meeting={meeting} me={me} decided={recommendation?.status === 'SIGNED_OFF'} onChanged={onAgendaChanged} />
        </div>
      </div>
      {recommendation?.decisionSummary ? (
        <section aria-labelledby="decision-heading">
          <h3 id="decision-heading">Board decision</h3>
          <PlanMarkdown markdown={recommendation.decisionSummary} testId="decision-summary" />
        </section>
      ) : null}

    </article>
  );
}

/** The coordinator runs the pathway on the case's current facts: a draft, or a new version of it. */
function DraftButton({ caseId, hasDraft, onDrafted }: { caseId: string; hasDraft: boolean; onDrafted: () => void }): ReactNode {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [caseId]);
  const draft = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/cases/{id}/drafts', { path: { id: caseId } });
      onDrafted();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={() => void draft()}>
        {hasDraft ? 'Redraft the plan' : 'Draft the plan'}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
