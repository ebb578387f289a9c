import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import {
  SortableContext,
  arrayMove,
  sortableKeyboardCoordinates,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { api, messageOf } from '../../../api';
import { ErrorMessage } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { AgendaEntry } from '../../../types';
import { agendaTimes, validMinutes } from '../agenda-minutes';
import { NotMarkedReady, AddCaseForm } from './agenda/AddCaseForm';
import { AgendaRow } from './agenda/AgendaRow';
import { AgendaMeetingLine } from './agenda/AgendaMeetingLine';
import { agendaAnnouncements } from './agenda/announcements';

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
  const members = useLoad(
    async () => (boardId ? api('GET', '/boards/{id}/members', { path: { id: boardId } }) : []),
    [boardId],
  );
  // The cases the agenda may take: READY ones of the board, and DISCUSSED ones a meeting deferred
  // without deciding (the API refuses others).
  const ready = useLoad(
    async () =>
      boardId
        ? (
            await Promise.all(
              (['READY', 'DISCUSSED', 'REFERRED'] as const).map((status) =>
                api('GET', '/cases', { query: { boardId, status, limit: 100 } }),
              ),
            )
          ).flat()
        : [],
    [boardId, agenda.data, casesKey],
  );
  const [order, setOrder] = useState<string[]>([]);
  const [minutes, setMinutes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    if (!agenda.data) return;
    setOrder(agenda.data.items.map((entry) => entry.item.id));
    setMinutes(
      Object.fromEntries(agenda.data.items.map((entry) => [entry.item.id, String(entry.item.minutesAllotted)])),
    );
  }, [agenda.data]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const presenters = useMemo(
    () => (members.data ?? []).filter((member) => member.roles.includes('CLINICIAN')),
    [members.data],
  );

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
    return run(
      () => api('PUT', '/meetings/{id}/agenda/order', { path: { id: meetingId }, body: { itemIds: ids } }),
      label,
    );
  };
  const move = (index: number, offset: number): void => {
    const entry = entries[index];
    if (!entry) return;
    void reorder(
      arrayMove(order, index, index + offset),
      `${entry.case.reference} moved ${offset < 0 ? 'up' : 'down'} to position ${index + offset + 1}.`,
    );
  };
  const onDragEnd = ({ active, over }: DragEndEvent): void => {
    if (!over || active.id === over.id) return;
    const from = order.indexOf(String(active.id));
    const to = order.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    void reorder(arrayMove(order, from, to), `${referenceOf(active.id)} moved to position ${to + 1}.`);
  };
  const announcements = agendaAnnouncements(order, referenceOf);

  const saveMinutes = (entry: AgendaEntry): void => {
    const value = validMinutes(minutes[entry.item.id] ?? '');
    if (value === null || value === entry.item.minutesAllotted) return;
    void run(
      () =>
        api('PATCH', '/meetings/{id}/agenda/{itemId}', {
          path: { id: meetingId, itemId: entry.item.id },
          body: { minutesAllotted: value },
        }),
      `${entry.case.reference}: ${value} minutes saved.`,
    );
  };
  const savePresenter = (entry: AgendaEntry, presenterId: string): void => {
    const name = presenters.find((member) => member.userId === presenterId)?.displayName;
    void run(
      () =>
        api('PATCH', '/meetings/{id}/agenda/{itemId}', {
          path: { id: meetingId, itemId: entry.item.id },
          body: { presenterId: presenterId || null },
        }),
      name ? `${entry.case.reference} is presented by ${name}.` : `${entry.case.reference} has no presenter.`,
    );
  };

  // The running total counts what is typed, before it is saved.
  const minutesOf = (entry: AgendaEntry): number =>
    validMinutes(minutes[entry.item.id] ?? '') ?? entry.item.minutesAllotted;
  const { total, over, starts, slots } = agendaTimes(meeting, entries.map(minutesOf));

  return (
    <div>
      {showMeeting ? <AgendaMeetingLine meeting={meeting} /> : null}
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
        Drag a case by its handle (⠿), or focus the handle and press Space, then the arrow keys, then Space to drop it.
        The Up and Down buttons move a case by one place.
      </p>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To pick up an agenda case, press Space. Use the arrow keys to move it, Space to drop it, Escape to cancel.',
          },
        }}
      >
        <SortableContext items={order} strategy={verticalListSortingStrategy}>
          <ol className="agenda" aria-label="Agenda">
            {entries.map((entry, index) => {
              const slot = slots[index] ?? { from: new Date(starts), to: new Date(starts), late: false };
              return (
                <AgendaRow
                  key={entry.item.id}
                  entry={entry}
                  index={index}
                  count={entries.length}
                  slot={slot}
                  minutes={minutes[entry.item.id] ?? ''}
                  onMinutes={(value) => setMinutes({ ...minutes, [entry.item.id]: value })}
                  onSaveMinutes={() => saveMinutes(entry)}
                  presenters={presenters}
                  onPresenter={(presenterId) => savePresenter(entry, presenterId)}
                  onMove={(offset) => move(index, offset)}
                  onRemove={() =>
                    void run(
                      () =>
                        api('DELETE', '/meetings/{id}/agenda/{itemId}', {
                          path: { id: meetingId, itemId: entry.item.id },
                        }),
                      `${entry.case.reference} removed from the agenda.`,
                    )
                  }
                />
              );
            })}
          </ol>
        </SortableContext>
      </DndContext>
      {entries.length === 0 ? <p>The agenda is empty.</p> : null}
      <NotMarkedReady cases={ready.data ?? []} />
      <AddCaseForm
        cases={ready.data ?? []}
        onAgenda={new Set(entries.map((entry) => entry.case.id))}
        presenters={presenters}
        onAdd={(body, label) =>
          run(
            () => api('POST', '/meetings/{id}/agenda', { path: { id: meetingId }, body }),
            `${label} added to the agenda.`,
          )
        }
      />
    </div>
  );
}
