import type { ReactNode } from 'react';
import { ReadinessBadge } from '../../../../components';
import type { AgendaEntry, BoardMember } from '../../../../types';
import { clock, MAX_MINUTES, MIN_MINUTES, validMinutes } from '../../agenda-minutes';
import { SortableItem } from './SortableItem';

interface AgendaRowProps {
  entry: AgendaEntry;
  index: number;
  /** How many cases the agenda holds (the last one cannot move down). */
  count: number;
  slot: { from: Date; to: Date; late: boolean };
  /** The minutes as typed (saved on blur or Enter). */
  minutes: string;
  onMinutes: (value: string) => void;
  onSaveMinutes: () => void;
  presenters: readonly BoardMember[];
  onPresenter: (presenterId: string) => void;
  onMove: (offset: number) => void;
  onRemove: () => void;
}

/** One case of the agenda: its time slot, minutes, presenter, and the buttons that move or remove it. */
export function AgendaRow({
  entry,
  index,
  count,
  slot,
  minutes,
  onMinutes,
  onSaveMinutes,
  presenters,
  onPresenter,
  onMove,
  onRemove,
}: AgendaRowProps): ReactNode {
  return (
    <SortableItem id={entry.item.id} reference={entry.case.reference}>
      <div className="agenda-case">
        <strong>{entry.case.reference}</strong> {entry.patient.name}
        <ReadinessBadge readiness={entry.readiness} status={entry.case.status} />
      </div>
      <p className="agenda-slot" data-testid="agenda-slot">
        {clock(slot.from)}–{clock(slot.to)}
        {slot.late ? (
          <strong className="error">
            {' '}
            <span aria-hidden="true">⚠ </span>runs past the meeting&apos;s end
          </strong>
        ) : null}
      </p>
      <div className="agenda-actions">
        <label htmlFor={`minutes-${entry.item.id}`}>
          Minutes<span className="visually-hidden"> for {entry.case.reference}</span>
        </label>
        <input
          id={`minutes-${entry.item.id}`}
          type="number"
          min={MIN_MINUTES}
          max={MAX_MINUTES}
          value={minutes}
          aria-invalid={validMinutes(minutes) === null}
          aria-describedby={validMinutes(minutes) === null ? `minutes-error-${entry.item.id}` : undefined}
          onChange={(event) => onMinutes(event.target.value)}
          onBlur={onSaveMinutes}
          onKeyDown={(event) => (event.key === 'Enter' ? onSaveMinutes() : undefined)}
        />
        {validMinutes(minutes) === null ? (
          <span className="field-error" id={`minutes-error-${entry.item.id}`}>
            minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}
          </span>
        ) : null}
        <label htmlFor={`presenter-${entry.item.id}`}>
          Presenter<span className="visually-hidden"> of {entry.case.reference}</span>
        </label>
        <select
          id={`presenter-${entry.item.id}`}
          value={entry.item.presenter?.id ?? ''}
          onChange={(event) => onPresenter(event.target.value)}
        >
          <option value="">No presenter</option>
          {presenters.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.displayName}
            </option>
          ))}
        </select>
      </div>
      <div className="agenda-actions">
        <button
          type="button"
          className="secondary"
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={`Move ${entry.case.reference} up`}
        >
          ↑ Up
        </button>
        <button
          type="button"
          className="secondary"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          aria-label={`Move ${entry.case.reference} down`}
        >
          ↓ Down
        </button>
        <button
          type="button"
          className="danger"
          onClick={onRemove}
          aria-label={`Remove ${entry.case.reference} from the agenda`}
        >
          Remove
        </button>
      </div>
    </SortableItem>
  );
}
