import { describe, expect, it } from 'vitest';
import { agendaTimes, validMinutes } from './agenda-minutes';

describe('agenda minutes', () => {
  it.each([
    ['10', 10],
    ['1', 1],
    ['240', 240],
    ['0', null],
    ['241', null],
    ['7.5', null],
    ['abc', null],
  ] as const)('takes %j as %j minutes', (text, expected) => {
    expect(validMinutes(text)).toBe(expected);
  });

  it('lays the cases end to end from the start and marks those that run past the end', () => {
    const times = agendaTimes({ startsAt: '2026-05-04T16:00:00.000Z', durationMinutes: 30 }, [10, 15, 10]);
    expect(times.total).toBe(35);
    expect(times.over).toBe(5);
    expect(
      times.slots.map((slot) => [
        slot.from.toISOString().slice(11, 16),
        slot.to.toISOString().slice(11, 16),
        slot.late,
      ]),
    ).toEqual([
      ['16:00', '16:10', false],
      ['16:10', '16:25', false],
      ['16:25', '16:35', true],
    ]);
  });

  it('says how much time is left when the agenda fits', () => {
    expect(agendaTimes({ startsAt: '2026-05-04T16:00:00.000Z', durationMinutes: 60 }, [20]).over).toBe(-40);
  });
});
