export const MIN_MINUTES = 1;

export const MAX_MINUTES = 240;

export const clock = (date: Date): string => date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

export function validMinutes(text: string): number | null {
  const value = Number(text);
  return Number.isInteger(value) && value >= MIN_MINUTES && value <= MAX_MINUTES ? value : null;
}

/** Where each case falls in the meeting by the minutes allotted, and the total against the meeting's length. */
export function agendaTimes(
  meeting: { startsAt: string; durationMinutes: number },
  minutes: readonly number[],
): { total: number; over: number; starts: number; slots: { from: Date; to: Date; late: boolean }[] } {
  const total = minutes.reduce((sum, value) => sum + value, 0);
  const over = total - meeting.durationMinutes;
  const starts = new Date(meeting.startsAt).getTime();
  const ends = starts + meeting.durationMinutes * 60_000;
  let cursor = starts;
  const slots = minutes.map((value) => {
    const from = cursor;
    cursor += value * 60_000;
    return { from: new Date(from), to: new Date(cursor), late: cursor > ends };
  });
  return { total, over, starts, slots };
}
