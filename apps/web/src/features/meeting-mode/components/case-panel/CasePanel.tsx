import type { ReactNode } from 'react';
import { humanize } from '../../../../components';
import type { AgendaEntry, Me, Meeting } from '../../../../types';
import { CasePresentation, presentedOf } from '../CasePresentation';
import { Discussion } from '../Discussion';
import { type MeetingLive } from '../../hooks/live';
import { PlanMarkdown } from '../PlanMarkdown';
import { Timeline } from '../Timeline';
import { Voting } from '../Voting';
import { SignOff } from '../voting/SignOff';
import { useCasePlan } from '../../hooks/use-case-plan';
import { editsProposal } from '../../../meetings/components/MeetingDelegate';
import { DraftButton } from './DraftButton';
import { ProposalSection } from './ProposalSection';
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
  const { recommendationId, reloadKey, loaded, recommendation, tally, status, branchTitle, reloadPlan } = useCasePlan(
    entry,
    live,
  );
  const isClinician = me.roles.includes('CLINICIAN');
  const isChair = meeting.chairId === me.id;
  // The chair, or the delegate the chair named, edits the proposal; sign-off stays with the chair.
  const editor = editsProposal(meeting, me);
  const editable = status === 'DRAFT' || status === 'PROPOSED';

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

        {recommendationId ? <Timeline recommendationId={recommendationId} reloadKey={reloadKey} /> : null}
      </div>

      <div className="decision-grid">
        <ProposalSection
          meeting={meeting}
          recommendationId={recommendationId}
          recommendation={recommendation}
          etag={loaded.data?.etag ?? null}
          error={loaded.error}
          editor={editor}
          editable={editable}
          isClinician={isClinician}
          branchTitle={branchTitle}
          onPlanChanged={reloadPlan}
        />

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
