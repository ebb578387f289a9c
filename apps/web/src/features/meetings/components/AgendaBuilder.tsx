import type { ReactNode } from 'react';
import type { DragEndEvent, UniqueIdentifier } from '@dnd-kit/core';
import { arrayMove } from '@dnd-kit/sortable';
import { api } from '../../../api';
import { ErrorMessage } from '../../../components';
import type { AgendaEntry } from '../../../types';
import { agendaTimes, validMinutes } from '../agenda-minutes';
import { useAgenda } from '../hooks/use-agenda';
import { useAgendaCandidates } from '../hooks/use-agenda-candidates';
import { NotMarkedReady, AddCaseForm } from './agenda/AddCaseForm';
import { AgendaRow } from './agenda/AgendaRow';
import { AgendaMeetingLine } from './agenda/AgendaMeetingLine';
import { AgendaTotal } from './agenda/AgendaTotal';
import { SortableAgenda } from './agenda/SortableAgenda';
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
  const { agenda, order, setOrder, minutes, setMinutes, error, status, run } = useAgenda(meetingId, onChanged);
  const { presenters, cases } = useAgendaCandidates(agenda.data?.meeting.boardId ?? null, agenda.data, casesKey);

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

  const patchItem = (
    entry: AgendaEntry,
    body: { minutesAllotted: number } | { presenterId: string | null },
    done: string,
  ) =>
    void run(
      () => api('PATCH', '/meetings/{id}/agenda/{itemId}', { path: { id: meetingId, itemId: entry.item.id }, body }),
      done,
    );
  const saveMinutes = (entry: AgendaEntry): void => {
    const value = validMinutes(minutes[entry.item.id] ?? '');
    if (value === null || value === entry.item.minutesAllotted) return;
    patchItem(entry, { minutesAllotted: value }, `${entry.case.reference}: ${value} minutes saved.`);
  };
  const savePresenter = (entry: AgendaEntry, presenterId: string): void => {
    const name = presenters.find((member) => member.userId === presenterId)?.displayName;
    patchItem(
      entry,
      { presenterId: presenterId || null },
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
      <AgendaTotal total={total} over={over} durationMinutes={meeting.durationMinutes} />
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <SortableAgenda order={order} onDragEnd={onDragEnd} announcements={announcements}>
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
      </SortableAgenda>
      {entries.length === 0 ? <p>The agenda is empty.</p> : null}
      <NotMarkedReady cases={cases} />
      <AddCaseForm
        cases={cases}
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
