import type { BranchCode } from '../codes';
import type { CaseFacts } from '../facts';
import type { TreatmentEvent } from '../events';
import { findingsOf, resectableFacts, systemic } from '../testing/fixtures';

const liverSurgery: TreatmentEvent = {
  id: 'liver',
  kind: 'surgery',
  target: 'metastases',
  date: '2026-04-01',
  elective: true,
};

describe('INTENSIVE_THERAPY_POOR_PS (warn)', () => {
  it.each<[string, CaseFacts['ecog'], TreatmentEvent[], BranchCode | undefined, string[][]]>([
    ['ECOG 2 on FOLFOXIRI', 2, [systemic('c', '2026-01-10', ['FOLFOXIRI'])], undefined, [['c']]],
    ['ECOG 3 on FOLFOXIRI', 3, [systemic('c', '2026-01-10', ['FOLFOXIRI'])], undefined, [['c']]],
    ['ECOG 2 with metastasis surgery', 2, [liverSurgery], undefined, [['liver']]],
    ['ECOG 2, board chose the resectable branch', 2, [], 'resectable-oligometastatic', [[]]],
    ['ECOG 1 on FOLFOXIRI', 1, [systemic('c', '2026-01-10', ['FOLFOXIRI'])], undefined, []],
    ['ECOG unknown on FOLFOXIRI', null, [systemic('c', '2026-01-10', ['FOLFOXIRI'])], undefined, []],
    [
      'ECOG 2 on fluoropyrimidine + bevacizumab',
      2,
      [systemic('c', '2026-01-10', ['FLUOROPYRIMIDINE', 'BEVACIZUMAB'])],
      undefined,
      [],
    ],
    ['ECOG 2, board chose reduced intensity', 2, [], 'reduced-intensity', []],
  ])('%s', (_label, ecog, events, branch, expected) => {
    const found = findingsOf(
      'INTENSIVE_THERAPY_POOR_PS',
      resectableFacts({ ecog }),
      events,
      branch === undefined ? {} : { branch },
    );
    expect(found.map((f) => f.eventIds)).toEqual(expected);
    for (const f of found) expect(f.severity).toBe('warn');
  });
});

describe('SYSTEMIC_THERAPY_ECOG_3_PLUS (warn)', () => {
  it.each<[CaseFacts['ecog'], number]>([
    [4, 1],
    [3, 1],
    [2, 0],
    [null, 0],
  ])('ECOG %s on FOLFOX -> %d finding(s)', (ecog, count) => {
    const found = findingsOf('SYSTEMIC_THERAPY_ECOG_3_PLUS', resectableFacts({ ecog }), [
      systemic('c', '2026-01-10', ['FOLFOX']),
    ]);
    expect(found).toHaveLength(count);
    if (count > 0) expect(found[0]).toMatchObject({ severity: 'warn', eventIds: ['c'] });
  });

  it('does not fire for ECOG 3 without systemic therapy', () => {
    expect(findingsOf('SYSTEMIC_THERAPY_ECOG_3_PLUS', resectableFacts({ ecog: 3 }), [])).toEqual([]);
  });
});
