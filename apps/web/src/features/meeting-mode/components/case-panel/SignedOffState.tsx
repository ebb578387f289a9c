import type { ReactNode } from 'react';
import { formatDateTime, humanize } from '../../../../components';
import type { RecommendationDetail } from '../../types';

/** A signed-off plan: when, and whether it follows the pathway (or why not). */
export function SignedOffState({ recommendation }: { recommendation: RecommendationDetail }): ReactNode {
  return (
    <p className="ok" data-testid="signoff-state">
      <span aria-hidden="true">✓ </span>Signed off
      {recommendation.signedOffAt ? ` on ${formatDateTime(recommendation.signedOffAt)}` : ''}
      {recommendation.pathwayId === null
        ? ', board-authored plan'
        : recommendation.followsPathway === false && recommendation.deviationReason
          ? `, deviating from the pathway (${humanize(recommendation.deviationReason)})`
          : ', following the pathway'}
      .
    </p>
  );
}
