import { textbookEvents } from './testing/fixtures';
import { validateTreatmentEvents } from './validate-events';

describe(validateTreatmentEvents.name, () => {
  it('accepts valid events unchanged', () => {
    const events = textbookEvents();
    expect(validateTreatmentEvents(JSON.parse(JSON.stringify(events)))).toEqual({ ok: true, events });
  });

  it.each<[string, unknown, string, string]>([
    ['not an array', { kind: 'surgery' }, 'events', 'events must be an array, got an object'],
    [
      'unknown kind',
      [{ kind: 'chemo' }],
      'events[0].kind',
      'events[0].kind must be one of radiotherapy, systemic-therapy, bevacizumab-dose, surgery, procedure, evaluation, got "chemo"',
    ],
    [
      'impossible date',
      [{ kind: 'bevacizumab-dose', date: '2026-02-30' }],
      'events[0].date',
      'events[0].date must be an ISO date (YYYY-MM-DD), got "2026-02-30"',
    ],
    [
      'missing date',
      [{ kind: 'evaluation', evaluation: 'response' }],
      'events[0].date',
      'events[0].date is required: an ISO date (YYYY-MM-DD)',
    ],
    [
      'unknown regimen',
      [{ kind: 'systemic-therapy', regimens: ['FOLFOX', 'XELIRI'], startDate: '2026-01-01' }],
      'events[0].regimens[1]',
      expect.stringContaining('got "XELIRI"') as unknown as string,
    ],
    [
      'empty regimens',
      [{ kind: 'systemic-therapy', regimens: [], startDate: '2026-01-01' }],
      'events[0].regimens',
      expect.stringContaining('non-empty array') as unknown as string,
    ],
    [
      'bad line',
      [{ kind: 'systemic-therapy', regimens: ['FOLFOX'], startDate: '2026-01-01', line: 0 }],
      'events[0].line',
      'events[0].line must be an integer >= 1, got 0',
    ],
    [
      'RT start after last fraction',
      [{ kind: 'radiotherapy', regimen: 'SCRT_5X5', startDate: '2026-01-10', lastFractionDate: '2026-01-09' }],
      'events[0].startDate',
      'events[0].startDate must not be after lastFractionDate',
    ],
    [
      'elective missing',
      [{ kind: 'surgery', target: 'primary', date: '2026-04-01' }],
      'events[0].elective',
      'events[0].elective is required: true or false',
    ],
    [
      'unknown field',
      [{ kind: 'procedure', procedure: 'stent', date: '2026-01-01', site: 'rectum' }],
      'events[0].site',
      'events[0].site is not a known field',
    ],
    [
      'duplicate id',
      [
        { id: 'a', kind: 'bevacizumab-dose', date: '2026-01-01' },
        { id: 'a', kind: 'bevacizumab-dose', date: '2026-01-15' },
      ],
      'events[1].id',
      'events[1].id "a" is used twice',
    ],
  ])('rejects %s', (_label, input, field, message) => {
    const result = validateTreatmentEvents(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContainEqual({ field, message });
  });
});
