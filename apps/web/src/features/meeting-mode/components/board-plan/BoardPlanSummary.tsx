import { ANCHOR_LABELS } from '../../board-plan-form';
import { type ReactNode } from 'react';
import { humanize } from '../../../../components';
import type { BoardPlan } from '../../types';
import '../board-plan.css';

/** The board-authored plan as text, for those who cannot edit it. */
export function BoardPlanSummary({
  plan,
  rationale,
}: {
  plan: BoardPlan | undefined;
  rationale: string | null;
}): ReactNode {
  if (!plan) return <p>No board plan recorded yet.</p>;
  return (
    <dl className="facts" data-testid="board-plan-summary">
      <div>
        <dt>Intent</dt>
        <dd>{humanize(plan.intent)}</dd>
      </div>
      <div>
        <dt>Modalities</dt>
        <dd>{plan.modalities.map(humanize).join(', ')}</dd>
      </div>
      <div>
        <dt>Regimens</dt>
        <dd>
          {plan.regimens.map((regimen) => [regimen.code, regimen.text].filter(Boolean).join(': ')).join('; ') || 'none'}
        </dd>
      </div>
      <div>
        <dt>Steps</dt>
        <dd>
          {plan.steps.length === 0 ? (
            'none'
          ) : (
            <ol>
              {plan.steps.map((step, index) => (
                <li key={index}>
                  {humanize(step.modality)}: {step.description}
                </li>
              ))}
            </ol>
          )}
        </dd>
      </div>
      <div>
        <dt>Follow-up</dt>
        <dd>
          {plan.milestones.length === 0 ? (
            'none'
          ) : (
            <ul>
              {plan.milestones.map((milestone) => (
                <li key={milestone.key}>
                  {milestone.label}:{' '}
                  {'dueDate' in milestone
                    ? `on ${milestone.dueDate}`
                    : `${milestone.offsetDays} days after ${ANCHOR_LABELS[milestone.anchor]}`}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      {rationale ? (
        <div>
          <dt>Rationale</dt>
          <dd>{rationale}</dd>
        </div>
      ) : null}
      {plan.notes ? (
        <div>
          <dt>Notes</dt>
          <dd>{plan.notes}</dd>
        </div>
      ) : null}
    </dl>
  );
}
