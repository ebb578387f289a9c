import type { Announcements, UniqueIdentifier } from '@dnd-kit/core';

/** What a screen reader hears while a case is dragged (dnd-kit's live region), by case reference and position. */
export function agendaAnnouncements(
  order: readonly string[],
  referenceOf: (id: UniqueIdentifier) => string,
): Announcements {
  return {
    onDragStart: ({ active }) =>
      `Picked up ${referenceOf(active.id)}. Use the arrow keys to move it, Space to drop it, Escape to cancel.`,
    onDragOver: ({ active, over }) =>
      over
        ? `${referenceOf(active.id)} is over position ${order.indexOf(String(over.id)) + 1}.`
        : `${referenceOf(active.id)} is not over the agenda.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `${referenceOf(active.id)} dropped at position ${order.indexOf(String(over.id)) + 1}.`
        : `${referenceOf(active.id)} dropped.`,
    onDragCancel: ({ active }) => `Moving ${referenceOf(active.id)} was cancelled.`,
  };
}
