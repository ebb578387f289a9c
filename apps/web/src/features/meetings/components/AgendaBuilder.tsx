import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type Announcements, type DragEndEvent, type UniqueIdentifier } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { api, messageOf } from '../../../api';
import { ErrorMessage, formatDateTime, humanize, ReadinessBadge } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { AgendaEntry, BoardMember, CaseSummary } from '../../../types';

const MIN_MINUTES = 1;
const MAX_MINUTES = 240;

const clock = (date: Date): string => date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

function validMinutes(text: string): number | null {
  const value = Number(text);
  return Number.isInteger(value) && value >= MIN_MINUTES && value <= MAX_MINUTES ? value : null;
}

/**
 * The agenda of one meeting: add a ready case, remove one, reorder by drag (pointer or the
 * keyboard sensor: focus the handle, Space, arrows, Space) or with the Up/Down buttons, minutes
 * and presenter per case, and the running total against the meeting's length in words.
 */
export function AgendaBuilder({
  meetingId,
  onChanged,
  casesKey = 0,
  showMeeting = true,
}: {
  meetingId: string;
  onChanged: () => void;
  /** Changes when cases change elsewhere (one marked ready). */
  casesKey?: number;
  /** The meeting's line with its links (left out where the page shows the meeting already). */
  showMeeting?: boolean;
}): ReactNode {
  const agenda = useLoad(() => api('GET', '/meetings/{id}/agenda', { path: { id: meetingId } }), [meetingId]);
  const boardId = agenda.data?.meeting.boardId ?? null;
  const members = useLoad(async () => (boardId ? api('GET', '/boards/{id}/members', { path: { id: boardId } }) : []), [boardId]);
  // The cases the agenda may take: READY ones of the board, and DISCUSSED ones a meeting deferred
  // without deciding (the API refuses others).
  const ready = useLoad(
    async () => (boardId ? (await Promise.all((['READY', 'DISCUSSED', 'REFERRED'] as const).map((status) => api('GET', '/cases', { query: { boardId, status, limit: 100 } })))).flat() : []),
    [boardId, agenda.data, casesKey],
  );
  const [order, setOrder] = useState<string[]>([]);
  const [minutes, setMinutes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    if (!agenda.data) return;
    setOrder(agenda.data.items.map((entry) => entry.item.id));
    setMinutes(Object.fromEntries(agenda.data.items.map((entry) => [entry.item.id, String(entry.item.minutesAllotted)])));
  }, [agenda.data]);

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const presenters = useMemo(() => (members.data ?? []).filter((member) => member.roles.includes('CLINICIAN')), [members.data]);

  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    setError(null);
    try {
      await action();
      setStatus(done);
      agenda.reload();
      onChanged();
      return true;
    } catch (caught) {
      setError(messageOf(caught));
      agenda.reload();
      return false;
    }
  };

  if (!agenda.data) return agenda.error ? <ErrorMessage error={agenda.error} /> : <p>Loading agenda…</p>;
  const { meeting } = agenda.data;
  const byId = new Map(agenda.data.items.map((entry) => [entry.item.id, entry]));
  const entries = order.map((id) => byId.get(id)).filter((entry): entry is AgendaEntry => entry !== undefined);
  const referenceOf = (id: UniqueIdentifier): string => byId.get(String(id))?.case.reference ?? 'the case';

  const reorder = (ids: string[], label: string): Promise<boolean> => {
    setOrder(ids); // shown at once; the reload after the PUT confirms (or restores) it
    return run(() => api('PUT', '/meetings/{id}/agenda/order', { path: { id: meetingId }, body: { itemIds: ids } }), label);
  };
  const move = (index: number, offset: number): void => {
    const entry = entries[index];
    if (!entry) return;
    void reorder(arrayMove(order, index, index + offset), `${entry.case.reference} moved ${offset < 0 ? 'up' : 'down'} to position ${index + offset + 1}.`);
  };
  const onDragEnd = ({ active, over }: DragEndEvent): void => {
    if (!over || active.id === over.id) return;
    const from = order.indexOf(String(active.id));
    const to = order.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    void reorder(arrayMove(order, from, to), `${referenceOf(active.id)} moved to position ${to + 1}.`);
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${referenceOf(active.id)}. Use the arrow keys to move it, Space to drop it, Escape to cancel.`,
    onDragOver: ({ active, over }) => (over ? `${referenceOf(active.id)} is over position ${order.indexOf(String(over.id)) + 1}.` : `${referenceOf(active.id)} is not over the agenda.`),
    onDragEnd: ({ active, over }) => (over ? `${referenceOf(active.id)} dropped at position ${order.indexOf(String(over.id)) + 1}.` : `${referenceOf(active.id)} dropped.`),
    onDragCancel: ({ active }) => `Moving ${referenceOf(active.id)} was cancelled.`,
  };

  const saveMinutes = (entry: AgendaEntry): void => {
    const value = validMinutes(minutes[entry.item.id] ?? '');
    if (value === null || value === entry.item.minutesAllotted) return;
    void run(() => api('PATCH', '/meetings/{id}/agenda/{itemId}', { path: { id: meetingId, itemId: entry.item.id }, body: { minutesAllotted: value } }), `${entry.case.reference}: ${value} minutes saved.`);
  };
  const savePresenter = (entry: AgendaEntry, presenterId: string): void => {
    const name = presenters.find((member) => member.userId === presenterId)?.displayName;
    void run(() => api('PATCH', '/meetings/{id}/agenda/{itemId}', { path: { id: meetingId, itemId: entry.item.id }, body: { presenterId: presenterId || null } }), name ? `${entry.case.reference} is presented by ${name}.` : `${entry.case.reference} has no presenter.`);
  };

  // The running total counts what is typed, before it is saved.
  const minutesOf = (entry: AgendaEntry): number => validMinutes(minutes[entry.item.id] ?? '') ?? entry.item.minutesAllotted;
  const total = entries.reduce((sum, entry) => sum + minutesOf(entry), 0);
  const over = total - meeting.durationMinutes;
  const starts = new Date(meeting.startsAt).getTime();
  const ends = starts + meeting.durationMinutes * 60_000;
  let cursor = starts;
  const slots = entries.map((entry) => {
    const from = cursor;
    cursor += minutesOf(entry) * 60_000;
    return { from: new Date(from), to: new Date(cursor), late: cursor > ends };
  });

  return (
    <div>
      {showMeeting ? (
        <p>
          <strong>{meeting.title}</strong>, {formatDateTime(meeting.startsAt)}
          {meeting.location ? `, ${meeting.location}` : ''} — {humanize(meeting.status)}.{' '}
          <a href={`#/meeting/${meeting.id}`}>Open meeting mode</a> · <a href={`#/meetings/${meeting.id}/attendance`}>Attendance check-in</a>
          {meeting.videoLink ? (
            <>
              {' · '}
              <a href={meeting.videoLink} target="_blank" rel="noreferrer">
                Video link
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      <p className={over > 0 ? 'total total-over' : 'total'} data-testid="agenda-total">
        <span aria-hidden="true">{over > 0 ? '⚠ ' : '✓ '}</span>
        {total} of {meeting.durationMinutes} minutes allotted
        {over > 0 ? ` — ${over} minutes over the meeting` : `, within the meeting (${-over} minutes left)`}
      </p>
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <p className="muted" id="agenda-drag-help">
        Drag a case by its handle (⠿), or focus the handle and press Space, then the arrow keys, then Space to drop it. The Up and Down buttons move a case by one place.
      </p>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: 'To pick up an agenda case, press Space. Use the arrow keys to move it, Space to drop it, Escape to cancel.' } }}>
        <SortableContext items={order} strategy={verticalListSortingStrategy}>
          <ol className="agenda" aria-label="Agenda">
            {entries.map((entry, index) => {
              const slot = slots[index] ?? { from: new Date(starts), to: new Date(starts), late: false };
              return (
                <SortableItem key={entry.item.id} id={entry.item.id} reference={entry.case.reference}>
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
                      value={minutes[entry.item.id] ?? ''}
                      aria-invalid={validMinutes(minutes[entry.item.id] ?? '') === null}
                      aria-describedby={validMinutes(minutes[entry.item.id] ?? '') === null ? `minutes-error-${entry.item.id}` : undefined}
                      onChange={(event) => setMinutes({ ...minutes, [entry.item.id]: event.target.value })}
                      onBlur={() => saveMinutes(entry)}
                      onKeyDown={(event) => (event.key === 'Enter' ? saveMinutes(entry) : undefined)}
                    />
                    {validMinutes(minutes[entry.item.id] ?? '') === null ? (
                      <span className="field-error" id={`minutes-error-${entry.item.id}`}>
                        minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}
                      </span>
                    ) : null}
                    <label htmlFor={`presenter-${entry.item.id}`}>
                      Presenter<span className="visually-hidden"> of {entry.case.reference}</span>
                    </label>
                    <select id={`presenter-${entry.item.id}`} value={entry.item.presenter?.id ?? ''} onChange={(event) => savePresenter(entry, event.target.value)}>
                      <option value="">No presenter</option>
                      {presenters.map((member) => (
                        <option key={member.userId} value={member.userId}>
                          {member.displayName}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="agenda-actions">
                    <button type="button" className="secondary" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${entry.case.reference} up`}>
                      ↑ Up
                    </button>
                    <button type="button" className="secondary" disabled={index === entries.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${entry.case.reference} down`}>
                      ↓ Down
                    </button>
                    <button type="button" className="danger" onClick={() => void run(() => api('DELETE', '/meetings/{id}/agenda/{itemId}', { path: { id: meetingId, itemId: entry.item.id } }), `${entry.case.reference} removed from the agenda.`)} aria-label={`Remove ${entry.case.reference} from the agenda`}>
                      Remove
                    </button>
                  </div>
                </SortableItem>
              );
            })}
          </ol>
        </SortableContext>
      </DndContext>
      {entries.length === 0 ? <p>The agenda is empty.</p> : null}
      <NotMarkedReady cases={ready.data ?? []} />
      <AddCaseForm cases={ready.data ?? []} onAgenda={new Set(entries.map((entry) => entry.case.id))} presenters={presenters} onAdd={(body, label) => run(() => api('POST', '/meetings/{id}/agenda', { path: { id: meetingId }, body }), `${label} added to the agenda.`)} />
    </div>
  );
}

/** Complete cases still REFERRED are not offered until marked ready: say which, so none is missed. */
function NotMarkedReady({ cases }: { cases: CaseSummary[] }): ReactNode {
  const waiting = cases.filter((row) => row.status === 'REFERRED' && row.readiness.ready);
  if (waiting.length === 0) return null;
  return (
    <p className="muted" data-testid="not-marked-ready">
      <span aria-hidden="true">ℹ </span>
      Complete but not yet marked ready (mark them in the cases list to offer them here): {waiting.map((row) => row.reference).join(', ')}.
    </p>
  );
}

function SortableItem({ id, reference, children }: { id: string; reference: string; children: ReactNode }): ReactNode {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }} className={isDragging ? 'dragging' : undefined} data-testid="agenda-item">
      <button type="button" className="drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={`Drag ${reference} to reorder`} aria-describedby="agenda-drag-help">
        <span aria-hidden="true">⠿</span>
      </button>
      <div className="agenda-body">{children}</div>
    </li>
  );
}

interface AddBody {
  caseId: string;
  minutesAllotted: number;
  presenterId?: string;
}

function AddCaseForm({ cases, onAgenda, presenters, onAdd }: { cases: CaseSummary[]; onAgenda: Set<string>; presenters: BoardMember[]; onAdd: (body: AddBody, label: string) => Promise<boolean> }): ReactNode {
  const [caseId, setCaseId] = useState('');
  const [minutes, setMinutes] = useState('10');
  const [presenterId, setPresenterId] = useState('');
  const addable = cases.filter((row) => (row.status === 'READY' || row.status === 'DISCUSSED') && !onAgenda.has(row.id));
  const minutesValue = validMinutes(minutes);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const chosen = addable.find((row) => row.id === caseId);
    if (!chosen || minutesValue === null) return;
    if (await onAdd({ caseId, minutesAllotted: minutesValue, ...(presenterId ? { presenterId } : {}) }, chosen.reference)) {
      setCaseId('');
      setPresenterId('');
    }
  };

  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)}>
      <h3>Add a ready case</h3>
      <p className="muted">Ready cases, and cases a meeting discussed without deciding (deferred, more information, referred back).</p>
      <label htmlFor="add-case">Case</label>
      <select id="add-case" value={caseId} onChange={(event) => setCaseId(event.target.value)}>
        <option value="">{addable.length === 0 ? 'No ready case to add' : 'Choose a ready case'}</option>
        {addable.map((row) => (
          <option key={row.id} value={row.id}>
            {row.reference} — {row.patientName}
            {row.status === 'DISCUSSED' ? ' (discussed, not decided)' : ''}
          </option>
        ))}
      </select>
      <label htmlFor="add-minutes">Minutes</label>
      <input id="add-minutes" type="number" min={MIN_MINUTES} max={MAX_MINUTES} value={minutes} aria-invalid={minutesValue === null} aria-describedby={minutesValue === null ? 'add-minutes-error' : undefined} onChange={(event) => setMinutes(event.target.value)} />
      {minutesValue === null ? (
        <span className="field-error" id="add-minutes-error">
          minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}
        </span>
      ) : null}
      <label htmlFor="add-presenter">Presenter</label>
      <select id="add-presenter" value={presenterId} onChange={(event) => setPresenterId(event.target.value)}>
        <option value="">No presenter</option>
        {presenters.map((member) => (
          <option key={member.userId} value={member.userId}>
            {member.displayName}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!caseId || minutesValue === null}>
        Add to agenda
      </button>
    </form>
  );
}
