import fc from 'fast-check';
import type { TreatmentEvent } from '../events';
import { findingsOf, resectableFacts, systemic } from '../testing/fixtures';
import { draftPlan, scheduleMilestones } from '../draft-plan';
import { anchorsFromEvents } from '../events';

const MS_PER_DAY = 86_400_000;
/** Any calendar date 1950-2150 (covers every month length and leap day), as ISO. */
const anyDate = fc
  .integer({ min: Date.UTC(1950, 0, 1) / MS_PER_DAY, max: Date.UTC(2150, 11, 31) / MS_PER_DAY })
  .map((day) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10));
/** Independent computation: shift an ISO date with the JS Date object. */
const shift = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);

describe('finding boundaries hold for any anchor date (fast-check)', () => {
  it('CHEMO_START_OUTSIDE_WINDOW fires exactly outside day 11..18', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 40 }), (lastFraction, day) => {
        const events: TreatmentEvent[] = [
          {
            id: 'rt',
            kind: 'radiotherapy',
            regimen: 'SCRT_5X5',
            startDate: shift(lastFraction, -4),
            lastFractionDate: lastFraction,
          },
          systemic('c', shift(lastFraction, day), ['FOLFOX']),
        ];
        const found = findingsOf('CHEMO_START_OUTSIDE_WINDOW', resectableFacts(), events, {
          asOf: shift(lastFraction, -5),
        });
        expect(found.length).toBe(day < 11 || day > 18 ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('BEVACIZUMAB_TOO_CLOSE_TO_SURGERY: < 28 block, 28-41 warn, >= 42 clean', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 70 }), (surgeryDate, gap) => {
        const events: TreatmentEvent[] = [
          { id: 'd', kind: 'bevacizumab-dose', date: shift(surgeryDate, -gap) },
          { id: 's', kind: 'surgery', target: 'metastases', date: surgeryDate, elective: true },
        ];
        const found = findingsOf('BEVACIZUMAB_TOO_CLOSE_TO_SURGERY', resectableFacts(), events, {
          asOf: shift(surgeryDate, -100),
        });
        expect(found.map((f) => f.severity)).toEqual(gap < 28 ? ['block'] : gap < 42 ? ['warn'] : []);
        if (found.length > 0) expect(found[0]?.dayCounts).toEqual({ daysFromLastBevacizumabDoseToSurgery: gap });
      }),
      { numRuns: 300 },
    );
  });

  it('PRIMARY_SURGERY_LATE: <= 150 clean, 151-180 warn, > 180 block', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 60, max: 240 }), (lastFraction, day) => {
        const events: TreatmentEvent[] = [
          { id: 'rt', kind: 'radiotherapy', regimen: 'SCRT_5X5', lastFractionDate: lastFraction },
          { id: 'op', kind: 'surgery', target: 'primary', date: shift(lastFraction, day), elective: true },
        ];
        const found = findingsOf('PRIMARY_SURGERY_LATE', resectableFacts(), events, { asOf: lastFraction });
        expect(found.map((f) => f.severity)).toEqual(day > 180 ? ['block'] : day > 150 ? ['warn'] : []);
      }),
      { numRuns: 300 },
    );
  });

  it('scheduled milestone windows match an independent date computation', () => {
    const plan = draftPlan(resectableFacts());
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: 11, max: 18 }),
        fc.integer({ min: 80, max: 120 }),
        (lastFraction, chemoDay, surgeryDay) => {
          const chemo = shift(lastFraction, chemoDay);
          const surgery = shift(lastFraction, surgeryDay);
          const dated = scheduleMilestones(
            plan,
            anchorsFromEvents([
              { kind: 'radiotherapy', regimen: 'SCRT_5X5', lastFractionDate: lastFraction },
              systemic('c', chemo, ['FOLFOX', 'BEVACIZUMAB']),
              {
                kind: 'surgery',
                target: 'primary-and-metastases',
                date: surgery,
                elective: true,
                woundHealedDate: shift(surgery, 10),
              },
            ]),
          );
          const byCode = new Map(dated.map((m) => [m.code, m]));
          expect(byCode.get('RESPONSE_EVALUATION')?.window).toEqual({ from: shift(chemo, 42), to: shift(chemo, 56) });
          expect(byCode.get('SURGERY_TARGET')?.window).toEqual({
            from: shift(lastFraction, 84),
            to: shift(lastFraction, 98),
          });
          expect(byCode.get('BEVACIZUMAB_LAST_DOSE')?.dueDate).toBe(shift(surgery, -42));
          expect(byCode.get('BEVACIZUMAB_RESTART_EARLIEST')?.notBefore).toBe(shift(surgery, 28));
          expect(byCode.get('PERIOPERATIVE_CHEMO_COMPLETE')?.dueDate).toBe(shift(chemo, 182));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draft + schedule + validate are deterministic for any dates', () => {
    fc.assert(
      fc.property(anyDate, (start) => {
        const events: TreatmentEvent[] = [
          { kind: 'radiotherapy', regimen: 'SCRT_5X5', lastFractionDate: start },
          systemic('c', shift(start, 20), ['FOLFOX', 'CETUXIMAB']),
        ];
        const run = () => {
          const plan = draftPlan(resectableFacts());
          return [
            plan,
            scheduleMilestones(plan, anchorsFromEvents(events)),
            findingsOf('CHEMO_START_OUTSIDE_WINDOW', resectableFacts(), events, { asOf: start }),
          ];
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 50 },
    );
  });
});
