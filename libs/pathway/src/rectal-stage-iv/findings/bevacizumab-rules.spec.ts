import { cases } from '../testing/cases';
import { addDays } from '../../core/dates';
import type { TreatmentEvent } from '../events';
import { findingsOf, resectableFacts, systemic, withBiomarkers } from '../testing/fixtures';

const SURGERY = '2026-04-10';
const surgery = (extra: Partial<Extract<TreatmentEvent, { kind: 'surgery' }>> = {}): TreatmentEvent => ({
  id: 'op',
  kind: 'surgery',
  target: 'primary-and-metastases',
  date: SURGERY,
  elective: true,
  ...extra,
});
const dose = (id: string, date: string, status?: 'planned' | 'done'): TreatmentEvent => ({
  id,
  kind: 'bevacizumab-dose',
  date,
  ...(status ? { status } : {}),
});

describe('BEVACIZUMAB_TOO_CLOSE_TO_SURGERY', () => {
  it.each<[number, 'block' | 'warn' | null]>([
    [0, 'block'],
    [14, 'block'],
    [27, 'block'],
    [28, 'warn'],
    [35, 'warn'],
    [41, 'warn'],
    [42, null],
    [60, null],
  ])('last dose %d days before elective surgery -> %s', (days, severity) => {
    const found = findingsOf('BEVACIZUMAB_TOO_CLOSE_TO_SURGERY', resectableFacts(), [
      dose('early', addDays(SURGERY, -90)),
      dose('last', addDays(SURGERY, -days)),
      surgery(),
    ]);
    if (severity === null) {
      expect(found).toEqual([]);
    } else {
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        severity,
        eventIds: ['last', 'op'],
        dayCounts: { daysFromLastBevacizumabDoseToSurgery: days },
      });
      expect(found[0]?.citation.quote).toContain('6-week interval');
    }
  });

  it('counts the start of a bevacizumab-containing line as a dose', () => {
    const found = findingsOf('BEVACIZUMAB_TOO_CLOSE_TO_SURGERY', resectableFacts(), [
      systemic('line', addDays(SURGERY, -20), ['FOLFOX', 'BEVACIZUMAB']),
      surgery(),
    ]);
    expect(found).toMatchObject([{ severity: 'block', eventIds: ['line', 'op'] }]);
  });

  it.each<[string, TreatmentEvent[]]>([
    ['emergency surgery', [dose('d', addDays(SURGERY, -10)), surgery({ elective: false })]],
    ['no bevacizumab', [systemic('c', addDays(SURGERY, -10), ['FOLFOX']), surgery()]],
    ['doses only after surgery', [surgery({ woundHealedDate: '2026-05-01' }), dose('d', addDays(SURGERY, 40))]],
  ])('does not fire for %s', (_label, events) => {
    expect(findingsOf('BEVACIZUMAB_TOO_CLOSE_TO_SURGERY', resectableFacts(), events)).toEqual([]);
  });

  it('checks each elective surgery against its own last dose (staged surgery)', () => {
    const events = [
      dose('d1', '2026-02-01'),
      surgery({ id: 'liver', target: 'metastases', date: '2026-03-01', woundHealedDate: '2026-03-20' }),
      dose('d2', '2026-04-01'),
      surgery({ id: 'rectum', target: 'primary', date: '2026-05-01', woundHealedDate: '2026-05-20' }),
    ];
    const found = findingsOf('BEVACIZUMAB_TOO_CLOSE_TO_SURGERY', resectableFacts(), events);
    expect(found.map((f) => [f.severity, f.eventIds, f.dayCounts])).toEqual([
      ['warn', ['d1', 'liver'], { daysFromLastBevacizumabDoseToSurgery: 28 }],
      ['warn', ['d2', 'rectum'], { daysFromLastBevacizumabDoseToSurgery: 30 }],
    ]);
  });
});

describe('BEVACIZUMAB_RESTART_TOO_EARLY (block)', () => {
  it.each(
    cases<[string, number, string | null | undefined, 'planned' | 'done' | undefined, string, boolean]>(
      [
        ['restart on day 27', 27, '2026-04-20', undefined, '2026-01-01', true],
        ['restart on day 28, wound healed', 28, '2026-04-20', undefined, '2026-01-01', false],
        ['restart on day 35 before the wound healed', 35, '2026-05-20', undefined, '2026-01-01', true],
        ['restart on day 40, wound healed on that day', 40, addDays(SURGERY, 40), undefined, '2026-01-01', false],
        ['planned restart, wound healing not known yet (future)', 35, undefined, 'planned', '2026-04-12', false],
        ['restart given without a recorded healed wound', 35, null, 'done', '2026-06-01', true],
        ['restart date passed without a recorded healed wound', 35, undefined, undefined, '2026-06-01', true],
      ],
      (label, _days, _healed, _status, _asOf, fires) => `${label} -> ${fires}`,
    ),
  )('%s', (_title, _label, days, healed, status, asOf, fires) => {
    const events = [
      surgery(healed === undefined ? {} : { woundHealedDate: healed }),
      dose('restart', addDays(SURGERY, days), status),
    ];
    const found = findingsOf('BEVACIZUMAB_RESTART_TOO_EARLY', resectableFacts(), events, { asOf });
    expect(found).toHaveLength(fires ? 1 : 0);
    if (fires)
      expect(found[0]).toMatchObject({
        severity: 'block',
        eventIds: ['op', 'restart'],
        dayCounts: { daysFromSurgeryToRestart: days },
      });
  });
});

describe('BEVACIZUMAB_WITH_ANTI_EGFR (block)', () => {
  const wt = withBiomarkers({ kras: 'wild-type', nras: 'wild-type', braf: 'wild-type' });
  it.each(
    cases<[string, Parameters<typeof systemic>[2], number]>(
      [
        ['bevacizumab + cetuximab', ['FOLFOX', 'BEVACIZUMAB', 'CETUXIMAB'], 1],
        ['bevacizumab + panitumumab', ['FOLFIRI', 'BEVACIZUMAB', 'PANITUMUMAB'], 1],
        ['bevacizumab alone with FOLFOX', ['FOLFOX', 'BEVACIZUMAB'], 0],
        ['cetuximab alone with FOLFOX', ['FOLFOX', 'CETUXIMAB'], 0],
      ],
      (label, _regimens, count) => `${label} -> ${count} finding(s)`,
    ),
  )('%s', (_title, _label, regimens, count) => {
    const found = findingsOf('BEVACIZUMAB_WITH_ANTI_EGFR', wt, [systemic('c', '2026-01-10', regimens)]);
    expect(found).toHaveLength(count);
    if (count > 0) expect(found[0]).toMatchObject({ severity: 'block', eventIds: ['c'] });
  });

  it('does not fire for the two in separate lines', () => {
    expect(
      findingsOf('BEVACIZUMAB_WITH_ANTI_EGFR', wt, [
        systemic('a', '2026-01-10', ['FOLFOX', 'CETUXIMAB']),
        systemic('b', '2026-06-10', ['FOLFIRI', 'BEVACIZUMAB']),
      ]),
    ).toEqual([]);
  });
});
