import { cases } from '../testing/cases';
import type { TreatmentEvent } from '../events';
import { findingsOf, resectableFacts, systemic } from '../testing/fixtures';

const stent: TreatmentEvent = { id: 'stent', kind: 'procedure', procedure: 'stent', date: '2026-01-05' };
const stoma: TreatmentEvent = { id: 'stoma', kind: 'procedure', procedure: 'stoma', date: '2026-01-05' };

describe('STENT_LOW_TUMOUR (warn)', () => {
  it.each(
    cases<[string, number | null, TreatmentEvent, boolean]>(
      [
        ['stent at 3 cm', 3, stent, true],
        ['stent at 4.9 cm', 4.9, stent, true],
        ['stent at 5 cm', 5, stent, false],
        ['stent at 10 cm', 10, stent, false],
        ['stent, height unknown', null, stent, false],
        ['stoma at 3 cm', 3, stoma, false],
      ],
      (label, _distance, _procedure, fires) => `${label} -> fires: ${fires}`,
    ),
  )('%s', (_title, _label, distance, procedure, fires) => {
    const found = findingsOf('STENT_LOW_TUMOUR', resectableFacts({ distanceFromAnalVergeCm: distance }), [procedure]);
    expect(found).toHaveLength(fires ? 1 : 0);
    if (fires)
      expect(found[0]).toMatchObject({
        severity: 'warn',
        eventIds: ['stent'],
        citation: { kind: 'seed', section: 'Palliative Management' },
      });
  });
});

describe('STENT_WITH_BEVACIZUMAB (warn)', () => {
  it.each<[string, TreatmentEvent[], string[] | null]>([
    ['stent and a bevacizumab line', [stent, systemic('c', '2026-02-01', ['FOLFOX', 'BEVACIZUMAB'])], ['stent', 'c']],
    [
      'stent and a bevacizumab dose',
      [stent, { id: 'b', kind: 'bevacizumab-dose', date: '2026-02-15' }],
      ['stent', 'b'],
    ],
    ['stent without bevacizumab', [stent, systemic('c', '2026-02-01', ['FOLFOX'])], null],
    ['stoma with bevacizumab', [stoma, systemic('c', '2026-02-01', ['FOLFOX', 'BEVACIZUMAB'])], null],
  ])('%s', (_label, events, ids) => {
    const found = findingsOf('STENT_WITH_BEVACIZUMAB', resectableFacts(), events);
    if (ids === null) expect(found).toEqual([]);
    else expect(found).toMatchObject([{ severity: 'warn', eventIds: ids }]);
  });

  it('counts bevacizumab among the planned regimens', () => {
    expect(
      findingsOf('STENT_WITH_BEVACIZUMAB', resectableFacts(), [stent], { plannedRegimens: ['FOLFOX', 'BEVACIZUMAB'] }),
    ).toMatchObject([{ eventIds: ['stent', 'plannedRegimens'] }]);
  });
});
