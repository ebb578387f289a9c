import { describe, expect, it } from 'vitest';
import { EMPTY, query } from './audit-query';

describe('audit query', () => {
  it('leaves empty filters out and asks for the first page of 50', () => {
    expect(query(EMPTY, null)).toEqual({
      patient: undefined,
      caseReference: undefined,
      user: undefined,
      type: undefined,
      action: undefined,
      from: undefined,
      to: undefined,
      limit: 50,
      cursor: undefined,
    });
  });

  it('trims the text filters, sends the local times as instants and passes the cursor', () => {
    const asked = query(
      {
        ...EMPTY,
        patient: '  Doe ',
        type: 'case.read',
        action: 'READ',
        from: '2026-01-02T10:00',
        to: '2026-01-03T09:30',
      },
      'next-page',
      null,
    );
    expect(asked).toMatchObject({
      patient: 'Doe',
      type: 'case.read',
      action: 'READ',
      cursor: 'next-page',
      limit: undefined,
    });
    // TZ=UTC in the unit tests: the local time is the instant.
    expect(asked.from).toBe('2026-01-02T10:00:00.000Z');
    expect(asked.to).toBe('2026-01-03T09:30:00.000Z');
  });
});
