import { type ReactNode } from 'react';
import { branchText } from '../../clinical';
import { formatDateTime, humanize } from '../../../../components';
import type { Recommendation } from '../../../../types';

/** Every draft version, newest first, with what became of it. */
export function RecommendationHistory({
  recommendations,
  mayAudit,
}: {
  recommendations: Recommendation[];
  mayAudit: boolean;
}): ReactNode {
  if (recommendations.length === 0) return <p>No draft plan yet.</p>;
  return (
    <table data-testid="recommendation-history">
      <caption>Draft versions, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Plan</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {recommendations.map((recommendation) => {
          const proposedBranch =
            typeof recommendation.proposedPlan?.branch === 'string' ? recommendation.proposedPlan.branch : null;
          return (
            <tr key={recommendation.id} data-testid="recommendation-row">
              <td>v{recommendation.draftVersion}</td>
              <td>
                {humanize(recommendation.status)}
                {recommendation.round > 1 ? `, round ${recommendation.round}` : ''}
              </td>
              <td>
                {planText(recommendation, proposedBranch)}
                <span className="muted">
                  {' '}
                  (
                  {recommendation.pathwayId
                    ? `${recommendation.pathwayId} ${recommendation.pathwayVersion ?? ''}`.trim()
                    : 'board-authored'}
                  )
                </span>
              </td>
              <td>
                {outcomeOf(recommendation)}
                {mayAudit ? (
                  <>
                    {' '}
                    <a href={`#/audit/provenance/${recommendation.id}`}>Provenance</a>
                  </>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function planText(recommendation: Recommendation, proposedBranch: string | null): string {
  if (proposedBranch) return `Proposed: ${branchText(recommendation.pathwayId, proposedBranch)}`;
  if (recommendation.primaryBranch)
    return `Pathway: ${branchText(recommendation.pathwayId, recommendation.primaryBranch)}`;
  const plan = recommendation.proposedPlan?.boardPlan;
  return plan
    ? `Board plan: ${humanize(plan.intent)}, ${plan.modalities.map(humanize).join(', ').toLowerCase()}`
    : 'Board-authored plan, not written yet';
}

export function outcomeOf(recommendation: Recommendation): string {
  if (!recommendation.signedOffAt) return 'Not signed off';
  if (recommendation.pathwayId === null)
    return `Signed off ${formatDateTime(recommendation.signedOffAt)}, board-authored plan${recommendation.implementationStatus ? `; implemented: ${humanize(recommendation.implementationStatus)}` : ''}`;
  const pathway =
    recommendation.followsPathway === false
      ? `departs from the pathway (${humanize(recommendation.deviationReason ?? 'unspecified')})`
      : 'follows the pathway';
  const implemented = recommendation.implementationStatus
    ? `; implemented: ${humanize(recommendation.implementationStatus)}`
    : '';
  return `Signed off ${formatDateTime(recommendation.signedOffAt)}, ${pathway}${implemented}`;
}
