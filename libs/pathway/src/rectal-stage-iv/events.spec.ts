import { anchorsFromEvents, type TreatmentEvent } from './events';
import { textbookEvents } from './testing/fixtures';

describe(anchorsFromEvents.name, () => {
  it('derives every anchor from the textbook plan', () => {
    expect(anchorsFromEvents(textbookEvents())).toEqual({
      lastRadiotherapyFraction: '2026-01-09',
      firstChemotherapy: '2026-01-23',
      plannedSurgery: '2026-04-10',
      woundHealed: '2026-05-01',
      bevacizumabDoses: ['2026-01-23', '2026-02-20', '2026-05-15'],
    });
  });

  it('returns no anchors for no events', () => {
    expect(anchorsFromEvents([])).toEqual({});
  });

  it.each<[string, TreatmentEvent[], Record<string, unknown>]>([
    [
      'the first SCRT course, not palliative RT',
      [
        { kind: 'radiotherapy', regimen: 'PALLIATIVE_RT', lastFractionDate: '2026-01-02' },
        { kind: 'radiotherapy', regimen: 'SCRT_5X5', startDate: '2026-03-02', lastFractionDate: '2026-03-06' },
        { kind: 'radiotherapy', regimen: 'SCRT_5X5', startDate: '2026-02-02', lastFractionDate: '2026-02-06' },
      ],
      { lastRadiotherapyFraction: '2026-02-06' },
    ],
    [
      'chemotherapy and immunotherapy separately',
      [
        { kind: 'systemic-therapy', regimens: ['FOLFOX'], startDate: '2026-05-01' },
        { kind: 'systemic-therapy', regimens: ['PEMBROLIZUMAB'], startDate: '2026-01-05' },
      ],
      { firstChemotherapy: '2026-05-01', firstImmunotherapy: '2026-01-05' },
    ],
    [
      'the first elective surgery (emergency surgery ignored), wound not healed yet',
      [
        { kind: 'surgery', target: 'primary', date: '2026-01-10', elective: false },
        { kind: 'surgery', target: 'metastases', date: '2026-04-10', elective: true, woundHealedDate: null },
        { kind: 'surgery', target: 'primary', date: '2026-03-10', elective: true },
      ],
      { plannedSurgery: '2026-03-10' },
    ],
  ])('picks %s', (_label, events, expected) => {
    expect(anchorsFromEvents(events)).toEqual(expected);
  });
});
