import { readinessOf } from './readiness';
import { ALLOWED_TRANSITIONS, canTransition } from './case-status';

const complete = {
  mmr: 'PMMR', kras: 'WILD_TYPE', nras: 'WILD_TYPE', braf: 'WILD_TYPE', dpd: 'NORMAL', ecog: 1,
  metastases: [{ id: 'm', caseId: 'c', position: 0, site: 'LIVER', count: 2, resectability: 'RESECTABLE' }],
  lastImagingDate: new Date('2026-11-01'), questionForBoard: 'SCRT first?',
} as Parameters<typeof readinessOf>[0];

describe(readinessOf.name, () => {
  it('is ready when nothing is missing', () => {
    expect(readinessOf(complete)).toEqual({ ready: true, missing: [] });
  });

  it.each([
    [{ mmr: 'UNKNOWN' }, 'MMR_UNKNOWN'],
    [{ kras: 'UNKNOWN' }, 'RAS_UNKNOWN'],
    [{ nras: 'UNKNOWN' }, 'RAS_UNKNOWN'],
    [{ braf: 'UNKNOWN' }, 'BRAF_UNKNOWN'],
    [{ dpd: 'UNKNOWN' }, 'DPD_UNKNOWN'],
    [{ ecog: null }, 'ECOG_MISSING'],
    [{ metastases: [{ ...complete.metastases[0], resectability: null }] }, 'RESECTABILITY_MISSING'],
    [{ lastImagingDate: null }, 'IMAGING_DATE_MISSING'],
    [{ questionForBoard: '  ' }, 'QUESTION_MISSING'],
  ])('flags %j as %s', (change, code) => {
    const result = readinessOf({ ...complete, ...change } as Parameters<typeof readinessOf>[0]);
    expect(result.ready).toBe(false);
    expect(result.missing.map((item) => item.code)).toEqual([code]);
  });
});

describe(canTransition.name, () => {
  it.each([
    ['REFERRED', 'READY', true],
    ['READY', 'SCHEDULED', true],
    ['SCHEDULED', 'DISCUSSED', true],
    ['DISCUSSED', 'DECIDED', true],
    ['DECIDED', 'IN_TREATMENT', true],
    ['IN_TREATMENT', 'CLOSED', true],
    ['REFERRED', 'DECIDED', false],
    ['CLOSED', 'REFERRED', false],
    ['DECIDED', 'REFERRED', false],
  ] as const)('%s -> %s: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('closed is terminal', () => {
    expect(ALLOWED_TRANSITIONS.CLOSED).toEqual([]);
  });
});
