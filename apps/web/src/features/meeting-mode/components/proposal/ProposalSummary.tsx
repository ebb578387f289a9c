import { type ReactNode } from 'react';
import { humanize } from '../../../../components';
import { regimenName } from '../../regimens';
import type { Proposal } from '../../types';

/** The proposal as text, for those who cannot edit it. */
export function ProposalSummary({
  proposal,
  branchTitle = humanize,
}: {
  proposal: Proposal | null;
  branchTitle?: (code: string) => string;
}): ReactNode {
  if (!proposal) return <p>No proposal recorded yet.</p>;
  return (
    <dl className="facts">
      <div>
        <dt>Branch</dt>
        <dd>{proposal.branch ? branchTitle(proposal.branch) : 'Board-authored plan'}</dd>
      </div>
      <div>
        <dt>Intent</dt>
        <dd>{humanize(proposal.intent)}</dd>
      </div>
      <div>
        <dt>Steps</dt>
        <dd>
          <ol>
            {proposal.steps.map((step, index) => (
              <li key={index}>{step}</li>
            ))}
          </ol>
        </dd>
      </div>
      <div>
        <dt>Regimens</dt>
        <dd>{proposal.regimens.map(regimenName).join(', ') || 'none'}</dd>
      </div>
      <div>
        <dt>Rationale</dt>
        <dd>{proposal.rationale}</dd>
      </div>
    </dl>
  );
}
