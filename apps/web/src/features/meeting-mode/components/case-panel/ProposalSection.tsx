import { useState, type ReactNode } from 'react';
import { ErrorMessage } from '../../../../components';
import type { Meeting } from '../../../../types';
import { proposalEditorsText } from '../../../meetings/components/MeetingDelegate';
import type { RecommendationDetail } from '../../types';
import { BoardPlanEditor } from '../BoardPlanEditor';
import { BoardPlanSummary } from '../board-plan/BoardPlanSummary';
import { ProposalEditor } from '../Proposal';
import { Findings } from '../proposal/Findings';
import { ProposalSummary } from '../proposal/ProposalSummary';

/**
 * The proposal of the case on screen: its editor for the chair or the delegate while the plan is
 * open (the board plan editor when no pathway covers the case), its summary for everyone else, and
 * the validator's findings. Saves and stale edits are announced in the notice.
 */
export function ProposalSection({
  meeting,
  recommendationId,
  recommendation,
  etag,
  error,
  editor,
  editable,
  isClinician,
  branchTitle,
  onPlanChanged,
}: {
  meeting: Meeting;
  recommendationId: string | null;
  recommendation: RecommendationDetail | null;
  etag: string | null;
  error: string | null;
  /** The chair, or the delegate the chair named. */
  editor: boolean;
  editable: boolean;
  isClinician: boolean;
  branchTitle: (code: string) => string;
  onPlanChanged: () => void;
}): ReactNode {
  const [notice, setNotice] = useState('');
  const changeHint =
    editable && isClinician ? (
      <p className="muted">To propose a change, vote &ldquo;Approve with changes&rdquo; and say what in the comment.</p>
    ) : null;
  return (
    <section aria-labelledby="proposal-heading" className="proposal">
      <h3 id="proposal-heading">Proposal</h3>
      <p className="muted" data-testid="proposal-editors">
        {proposalEditorsText(meeting)}
      </p>
      <p role="status" data-testid="proposal-notice">
        {notice}
      </p>
      <ErrorMessage error={error} />
      {recommendation && editor && editable ? (
        (() => {
          // One editor per kind of plan, the same save and stale handling for both.
          const editorProps = {
            recommendation,
            etag,
            meetingId: meeting.id,
            onStale: (message: string) => {
              setNotice(message);
              onPlanChanged();
            },
            onSaved: (after: RecommendationDetail, previousRound: number) => {
              const saved = recommendation.pathwayId === null ? 'Saved' : 'Saved. The findings were recomputed';
              setNotice(
                after.round > previousRound
                  ? `${saved}. Voting round ${after.round} is open: votes of round ${previousRound} no longer count.`
                  : `${saved}; voting round ${after.round}.`,
              );
              onPlanChanged();
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
          {changeHint}
        </>
      ) : recommendation ? (
        <>
          <ProposalSummary proposal={recommendation.proposedPlan} branchTitle={branchTitle} />
          {changeHint}
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
            onOverridden={onPlanChanged}
          />
        </details>
      ) : (
        <>
          <h4>Findings of the validator</h4>
          {recommendationId ? <p>Loading findings…</p> : <p>No findings without a draft.</p>}
        </>
      )}
    </section>
  );
}
