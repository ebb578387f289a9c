/** Report figures as text: ISO days, shares as percentages, durations in days (a missing figure as a dash). */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string =>
  isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

export const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 1000) / 10} %`);

export const days = (value: number | null): string => (value === null ? '—' : `${value} days`);
