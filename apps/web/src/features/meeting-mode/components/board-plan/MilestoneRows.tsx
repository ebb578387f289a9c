import type { ReactNode } from 'react';
import { BOARD_PLAN_ANCHORS } from '@consilium/pathway';
import { ANCHOR_LABELS } from '../../board-plan-form';
import type { PlanFormKit } from './PlanRows';

/** Follow-up milestones, on a date or counted from an anchor (they become reminders). */
export function MilestoneRows({ kit }: { kit: PlanFormKit }): ReactNode {
  const { form, set, setRow, removeRow, fieldId, invalid, message } = kit;
  return (
    <fieldset>
      <legend>Follow-up milestones</legend>
      {form.milestones.map((row, index) => {
        const field = `boardPlan.milestones.${index}`;
        return (
          <div key={index} className="plan-row" data-testid="board-milestone-row">
            <div className="field">
              <label htmlFor={fieldId(`${field}.label`)}>Follow-up {index + 1}</label>
              <input
                id={fieldId(`${field}.label`)}
                value={row.label}
                maxLength={200}
                onChange={(event) => setRow('milestones', index, { label: event.target.value })}
                {...invalid(`${field}.label`)}
              />
              {message(`${field}.label`)}
              {message(`${field}.key`)}
            </div>
            <div className="field">
              <label htmlFor={fieldId(`${field}.timing`)}>Follow-up {index + 1} is due</label>
              <select
                id={fieldId(`${field}.timing`)}
                value={row.timing}
                onChange={(event) =>
                  setRow('milestones', index, { timing: event.target.value === 'date' ? 'date' : 'anchor' })
                }
              >
                <option value="anchor">Days after an event</option>
                <option value="date">On a date</option>
              </select>
            </div>
            {row.timing === 'date' ? (
              <div className="field">
                <label htmlFor={fieldId(`${field}.dueDate`)}>Follow-up {index + 1} due date</label>
                <input
                  id={fieldId(`${field}.dueDate`)}
                  type="date"
                  value={row.dueDate}
                  onChange={(event) => setRow('milestones', index, { dueDate: event.target.value })}
                  {...invalid(`${field}.dueDate`)}
                />
                {message(`${field}.dueDate`)}
              </div>
            ) : (
              <>
                <div className="field">
                  <label htmlFor={fieldId(`${field}.offsetDays`)}>Follow-up {index + 1}: days after</label>
                  <input
                    id={fieldId(`${field}.offsetDays`)}
                    type="number"
                    inputMode="numeric"
                    value={row.offsetDays}
                    onChange={(event) => setRow('milestones', index, { offsetDays: event.target.value })}
                    {...invalid(`${field}.offsetDays`)}
                  />
                  {message(`${field}.offsetDays`)}
                </div>
                <div className="field">
                  <label htmlFor={fieldId(`${field}.anchor`)}>Follow-up {index + 1}: counted from</label>
                  <select
                    id={fieldId(`${field}.anchor`)}
                    value={row.anchor}
                    onChange={(event) => setRow('milestones', index, { anchor: event.target.value })}
                    {...invalid(`${field}.anchor`)}
                  >
                    {BOARD_PLAN_ANCHORS.map((anchor) => (
                      <option key={anchor} value={anchor}>
                        {ANCHOR_LABELS[anchor]}
                      </option>
                    ))}
                  </select>
                  {message(`${field}.anchor`)}
                </div>
              </>
            )}
            {message(field)}
            <button
              type="button"
              className="danger"
              onClick={() => removeRow('milestones', index)}
              aria-label={`Remove follow-up ${index + 1}`}
            >
              Remove
            </button>
          </div>
        );
      })}
      {message('boardPlan.milestones')}
      <button
        type="button"
        className="secondary"
        onClick={() =>
          set('milestones', [
            ...form.milestones,
            { key: '', label: '', timing: 'anchor', dueDate: '', anchor: 'decision', offsetDays: '' },
          ])
        }
      >
        Add a follow-up milestone
      </button>
    </fieldset>
  );
}
