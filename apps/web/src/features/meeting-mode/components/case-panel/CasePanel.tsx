import { useState, type ReactNode } from 'react';
import { apiWithHeaders } from '../../../../api';
import { ErrorMessage, humanize } from '../../../../components';
import { useLoad } from '../../../../hooks/use-load';
import type { AgendaEntry, Me, Meeting } from '../../../../types';
import { BoardPlanEditor } from '../BoardPlanEditor';
import { BoardPlanSummary } from '../board-plan/BoardPlanSummary';
import { CasePresentation, presentedOf } from '../CasePresentation';
import { Discussion } from '../Discussion';
import { type MeetingLive } from '../../hooks/live';
import { PlanMarkdown } from '../PlanMarkdown';
import { ProposalEditor } from '../Proposal';
import { Findings } from '../proposal/Findings';
import { ProposalSummary } from '../proposal/ProposalSummary';
import { Timeline } from '../Timeline';
import type { RecommendationDetail } from '../../types';
import { Voting } from '../Voting';
import { SignOff } from '../voting/SignOff';
import { useTally } from '../../hooks/use-tally';
import { editsProposal, proposalEditorsText } from '../../../meetings/components/MeetingDelegate';
import { DraftButton } from './DraftButton';
import { SignedOffState } from './SignedOffState';

export function CasePanel({
  entry,
  me,
  meeting,
  checkedIn,
  live,
  onAgendaChanged,
}: {
  entry: AgendaEntry;
  me: Me;
  meeting: Meeting;
  checkedIn: boolean;
  live: MeetingLive;
  onAgendaChanged: () => void;
}): ReactNode {
  const recommendationId = entry.draftPlan?.recommendationId ?? null;
  const planTick = recommendationId ? live.planTick(recommendationId) : 0;
  const [saved, setSaved] = useState(0);
  const [notice, setNotice] = useState('');
  const loaded = useLoad(
    async () =>
      recommendationId ? apiWithHeaders('GET', '/recommendations/{id}', { path: { id: recommendationId } }) : null,
    [recommendationId, planTick, saved],
  );
  const recommendation = loaded.data ? (loaded.data.data as unknown as RecommendationDetail) : null;
  const tally = useTally(recommendationId, recommendationId ? live.tallyTick(recommendationId) + saved : 0, live.mode);
  const isClinician = me.roles.includes('CLINICIAN');
  const isChair = meeting.chairId === me.id;
  // The chair, or the delegate the chair named, edits the proposal; sign-off stays with the chair.
  const editor = editsProposal(meeting, me);
  const status = recommendation?.status ?? entry.draftPlan?.status ?? '';
  const editable = status === 'DRAFT' || status === 'PROPOSED';
  const draft = recommendation?.draftPlan;
  const branchTitle = (code: string): string =>
    (draft ? [draft.primaryBranch, ...draft.alternatives].find((branch) => branch.code === code)?.title : undefined) ??
    humanize(code);
  const reloadPlan = (): void => setSaved((value) => value + 1);

  return (
    <article className="case-panel" aria-labelledby="case-heading">
      <h2 id="case-heading" data-testid="case-heading">
        <span className="reference">{entry.case.reference}</span>: {entry.patient.name}
        <span className="muted case-status"> · {humanize(entry.case.status)}</span>
      </h2>
      {entry.item.presenter ? (
        <p className="muted">
          Presented by {entry.item.presenter.id === me.id ? 'you' : entry.item.presenter.displayName}.
        </p>
      ) : null}
      <CasePresentation presented={presentedOf(entry)} />

      <div className="plan-grid">
        <section aria-labelledby="plan-heading" className="plan">
          <h3 id="plan-heading">
            Draft plan{entry.draftPlan ? ` (version ${entry.draftPlan.draftVersion}, from the pathway)` : ''}
          </h3>
          {entry.draftPlan?.summary ? (
            <PlanMarkdown markdown={entry.draftPlan.summary} scrollLabel={`Draft plan of ${entry.case.reference}`} />
          ) : (
            <p>No draft plan yet: the pathway has not been run on this case.</p>
          )}
          {me.roles.includes('COORDINATOR') && status !== 'SIGNED_OFF' ? (
            <DraftButton caseId={entry.case.id} hasDraft={entry.draftPlan !== null} onDrafted={onAgendaChanged} />
          ) : null}
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
                  setNotice(
                    after.round > previousRound
                      ? `${saved}. Voting round ${after.round} is open: votes of round ${previousRound} no longer count.`
                      : `${saved}; voting round ${after.round}.`,
                  );
                  reloadPlan();
                },
              };
              return recommendation.pathwayId === null ? (
                <BoardPlanEditor key={recommendation.id} {...editorProps} />
              ) : (
                <ProposalEditor key={recommendation.id} {...editorProps} />
              );
            })()
          ) : recommendation?.pathwayId === null ? (
            <>
              <BoardPlanSummary
                plan={recommendation.proposedPlan?.boardPlan}
                rationale={recommendation.proposedPlan?.rationale ?? null}
              />
              {editable && isClinician ? (
                <p className="muted">
                  To propose a change, vote &ldquo;Approve with changes&rdquo; and say what in the comment.
                </p>
              ) : null}
            </>
          ) : recommendation ? (
            <>
              <ProposalSummary proposal={recommendation.proposedPlan} branchTitle={branchTitle} />
              {editable && isClinician ? (
                <p className="muted">
                  To propose a change, vote &ldquo;Approve with changes&rdquo; and say what in the comment.
                </p>
              ) : null}
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
              <Findings
                recommendation={recommendation}
                canOverride={editor && meeting.chairId !== null}
                onOverridden={reloadPlan}
              />
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
            <Voting
              tally={tally.tally}
              error={tally.error}
              status={status}
              mode={live.mode}
              me={me}
              meeting={meeting}
              checkedIn={checkedIn}
              recommendationId={recommendationId}
              onVoted={tally.set}
            />
          ) : null}

          {recommendation?.status === 'SIGNED_OFF' ? (
            <SignedOffState recommendation={recommendation} />
          ) : isChair && recommendation ? (
            <SignOff
              recommendation={recommendation}
              draftBranch={entry.draftPlan?.primaryBranch ?? recommendation.primaryBranch}
              branchTitle={branchTitle}
              tally={tally.tally}
              meeting={meeting}
              onSignedOff={reloadPlan}
            />
          ) : null}
          <Discussion
            entry={entry}
            meeting={meeting}
            me={me}
            decided={recommendation?.status === 'SIGNED_OFF'}
            onChanged={onAgendaChanged}
          />
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
