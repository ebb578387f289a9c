import type { BodyOf } from '../../api';

/** The meeting form's values as typed (the length as its input's text). */
export interface MeetingValues {
  title: string;
  startsAt: string;
  duration: string;
  location: string;
  videoLink: string;
  chairId: string;
}

/** The fields of the form, by their API names: each refusal is shown beside its own. */
export const MEETING_FIELDS = ['title', 'startsAt', 'durationMinutes', 'location', 'videoLink', 'chairId'] as const;

/** An instant as the value of a datetime-local input (local time, minutes). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function commonOf(values: MeetingValues, start: Date): { startsAt: string; durationMinutes: number; title?: string } {
  return {
    startsAt: start.toISOString(),
    durationMinutes: Number(values.duration),
    ...(values.title.trim() ? { title: values.title.trim() } : {}),
  };
}

/** PATCH /meetings/:id: an emptied room, link or chair is cleared (null). */
export function updateBodyOf(values: MeetingValues, start: Date): BodyOf<'PATCH', '/meetings/{id}'> {
  return {
    ...commonOf(values, start),
    location: values.location.trim() || null,
    videoLink: values.videoLink.trim() || null,
    chairId: values.chairId || null,
  };
}

/** POST /meetings: an empty room, link or chair is left out. */
export function createBodyOf(boardId: string, values: MeetingValues, start: Date): BodyOf<'POST', '/meetings'> {
  return {
    boardId,
    ...commonOf(values, start),
    ...(values.location.trim() ? { location: values.location.trim() } : {}),
    ...(values.videoLink.trim() ? { videoLink: values.videoLink.trim() } : {}),
    ...(values.chairId ? { chairId: values.chairId } : {}),
  };
}
