import { AUDIT_EVENT_TYPES } from './audit-event-types';

describe('AUDIT_EVENT_TYPES', () => {
  it('lists each type once, as <noun>.<verb> in lower case', () => {
    expect(new Set(AUDIT_EVENT_TYPES).size).toBe(AUDIT_EVENT_TYPES.length);
    for (const type of AUDIT_EVENT_TYPES) expect(type).toMatch(/^[a-z-]+(\.[a-z-]+)+$/);
  });
});
