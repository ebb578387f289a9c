/** Findings about the timing and order of radiotherapy, chemotherapy, evaluations and surgery. */
import { CURATIVE_BRANCHES, SCRT_FIRST_BRANCHES } from '../branches';
import { CITATIONS } from '../citations';
import { compareDates, eventDate, isChemotherapy } from '../events';
import { MILESTONE_RULES } from '../milestones';
import { SYSTEMIC_START_WITHIN_DAYS } from '../steps';
import { days, finding, firstScrt, firstSystemic, sequence, type FindingRule, type RectalFinding } from './context';

/** seed § Resectable: chemotherapy starts 11-18 days after the last fraction. */
export const CHEMO_WINDOW_FROM_DAYS = 11;
export const CHEMO_WINDOW_TO_DAYS = 18;
/** seed § Resectable: primary surgery up to 5-6 months after radiotherapy. */
export const PRIMARY_SURGERY_WARN_AFTER_DAYS = 150;
export const PRIMARY_SURGERY_BLOCK_AFTER_DAYS = 180;
/** seed § Resectable: response evaluation after 6-8 weeks. */
export const RESPONSE_EVALUATION_BY_DAYS = 56;

/**
 * LONG_COURSE_CRT_UPFRONT (warn): 50 Gy chemoradiation before any systemic therapy.
 * Source: seed § Locally Advanced Primary ("almost never indicated as upfront treatment") and
 * § Common Pitfalls ("delays systemic therapy and reduces dose intensity").
 */
export const LONG_COURSE_CRT_UPFRONT: FindingRule = {
  code: 'LONG_COURSE_CRT_UPFRONT',
  citation: CITATIONS.PITFALL_LONG_COURSE_CRT,
  scope: 'plan',
  evaluate(context) {
    const systemic = firstSystemic(context);
    return context.radiotherapy
      .filter(
        (r) =>
          r.event.regimen === 'LCCRT_50GY' &&
          (systemic === undefined || systemic.event.startDate >= eventDate(r.event)),
      )
      .map((r) =>
        finding(
          'LONG_COURSE_CRT_UPFRONT',
          'warn',
          'Long-course chemoradiotherapy (50 Gy) upfront with synchronous metastases delays systemic therapy.',
          CITATIONS.PITFALL_LONG_COURSE_CRT,
          [r.ref],
        ),
      );
  },
};

/**
 * CHEMO_START_OUTSIDE_WINDOW (warn): after SCRT 5x5 (radiotherapy first), the first systemic
 * therapy does not start on day 11-18 after the last fraction (day 11 and 18 are in the window);
 * also when an SCRT-first branch has no chemotherapy by day 18 as of `asOf`.
 * Source: seed § Resectable ("combination chemotherapy starting 11-18 days later").
 */
export const CHEMO_START_OUTSIDE_WINDOW: FindingRule = {
  code: 'CHEMO_START_OUTSIDE_WINDOW',
  citation: CITATIONS.RESECTABLE_SCRT_THEN_CHEMO,
  scope: 'plan',
  evaluate(context) {
    const scrt = firstScrt(context);
    if (scrt === undefined || sequence(context) !== 'rt-first') return [];
    const lastFraction = scrt.event.lastFractionDate;
    const systemic = firstSystemic(context);
    if (systemic === undefined) {
      if (context.asOf === null || !SCRT_FIRST_BRANCHES.includes(context.branch)) return [];
      const elapsed = days(lastFraction, context.asOf);
      if (elapsed <= CHEMO_WINDOW_TO_DAYS) return [];
      return [
        finding(
          'CHEMO_START_OUTSIDE_WINDOW',
          'warn',
          `No chemotherapy ${elapsed} days after the last SCRT fraction (window: day 11-18).`,
          CITATIONS.RESECTABLE_SCRT_THEN_CHEMO,
          [scrt.ref],
          {
            daysSinceLastFraction: elapsed,
          },
        ),
      ];
    }
    const interval = days(lastFraction, systemic.event.startDate);
    if (interval >= CHEMO_WINDOW_FROM_DAYS && interval <= CHEMO_WINDOW_TO_DAYS) return [];
    return [
      finding(
        'CHEMO_START_OUTSIDE_WINDOW',
        'warn',
        `Chemotherapy starts ${interval} days after the last SCRT fraction (window: day 11-18).`,
        CITATIONS.RESECTABLE_SCRT_THEN_CHEMO,
        [scrt.ref, systemic.ref],
        {
          daysFromLastFractionToChemotherapy: interval,
        },
      ),
    ];
  },
};

/**
 * RESPONSE_EVALUATION_MISSING (warn): radiotherapy-first sequence with no evaluation in the 56
 * days after the first chemotherapy day. Source: seed § Resectable ("Evaluate response after 6-8 weeks").
 */
export const RESPONSE_EVALUATION_MISSING: FindingRule = {
  code: 'RESPONSE_EVALUATION_MISSING',
  citation: CITATIONS.RESECTABLE_EVALUATE_THEN_SURGERY,
  scope: 'plan',
  evaluate(context) {
    if (sequence(context) !== 'rt-first') return [];
    const chemotherapy = context.systemic.find((s) => isChemotherapy(s.event));
    if (chemotherapy === undefined) return [];
    const start = chemotherapy.event.startDate;
    const inTime = context.evaluations.some((e) => {
      const offset = days(start, e.event.date);
      return offset > 0 && offset <= RESPONSE_EVALUATION_BY_DAYS;
    });
    if (inTime) return [];
    const later = context.evaluations.find((e) => e.event.date > start);
    return [
      finding(
        'RESPONSE_EVALUATION_MISSING',
        'warn',
        later === undefined
          ? 'No response evaluation planned within 8 weeks (56 days) of the first chemotherapy day.'
          : `First evaluation ${days(start, later.event.date)} days after the first chemotherapy day (due by day 56).`,
        CITATIONS.RESECTABLE_EVALUATE_THEN_SURGERY,
        later === undefined ? [chemotherapy.ref] : [chemotherapy.ref, later.ref],
        later === undefined ? {} : { daysFromFirstChemotherapyToEvaluation: days(start, later.event.date) },
      ),
    ];
  },
};

/**
 * REEVALUATIONS_MISSING (warn): chemotherapy-first sequence on a curative branch without an
 * evaluation about 2 months (day 46-74) and about 4 months (day 106-134) after the first
 * chemotherapy day; one finding per missing review.
 * Source: seed § Non-Resectable Metastases Requiring Down-Sizing ("evaluate after 2 and 4 months").
 */
export const REEVALUATIONS_MISSING: FindingRule = {
  code: 'REEVALUATIONS_MISSING',
  citation: CITATIONS.CONVERSION_CHEMO_FIRST,
  scope: 'plan',
  evaluate(context) {
    if (sequence(context) !== 'chemo-first' || !CURATIVE_BRANCHES.includes(context.branch)) return [];
    const chemotherapy = context.systemic.find((s) => isChemotherapy(s.event));
    if (chemotherapy === undefined) return [];
    const start = chemotherapy.event.startDate;
    const result: RectalFinding[] = [];
    for (const [label, rule] of [
      ['2-month', MILESTONE_RULES.REEVALUATION_2_MONTHS],
      ['4-month', MILESTONE_RULES.REEVALUATION_4_MONTHS],
    ] as const) {
      const window = rule.window;
      if (window === undefined) continue;
      const found = context.evaluations.some((e) => {
        const offset = days(start, e.event.date);
        return offset >= window.fromDays && offset <= window.toDays;
      });
      if (!found) {
        result.push(
          finding(
            'REEVALUATIONS_MISSING',
            'warn',
            `Chemotherapy-first plan without the ${label} re-evaluation (day ${window.fromDays}-${window.toDays} after the first chemotherapy day).`,
            CITATIONS.CONVERSION_CHEMO_FIRST,
            [chemotherapy.ref],
            {
              dueDay: rule.dueDays,
            },
          ),
        );
      }
    }
    return result;
  },
};

/**
 * PRIMARY_SURGERY_LATE: primary surgery after SCRT 5x5 later than day 150 (warn) or day 180
 * (block); on a curative branch with no primary surgery yet, the days elapsed by `asOf` count.
 * Source: seed § Resectable ("Surgery for the primary can be safely delayed up to 5-6 months after radiotherapy").
 */
export const PRIMARY_SURGERY_LATE: FindingRule = {
  code: 'PRIMARY_SURGERY_LATE',
  citation: CITATIONS.PRIMARY_SURGERY_DELAY,
  scope: 'plan',
  evaluate(context) {
    const scrt = firstScrt(context);
    if (scrt === undefined) return [];
    const lastFraction = scrt.event.lastFractionDate;
    const surgery = context.surgeries.find((s) => s.event.target !== 'metastases' && s.event.date > lastFraction);
    const severity = (interval: number) => (interval > PRIMARY_SURGERY_BLOCK_AFTER_DAYS ? 'block' : 'warn');
    if (surgery !== undefined) {
      const interval = days(lastFraction, surgery.event.date);
      if (interval <= PRIMARY_SURGERY_WARN_AFTER_DAYS) return [];
      return [
        finding(
          'PRIMARY_SURGERY_LATE',
          severity(interval),
          `Primary surgery ${interval} days after the last SCRT fraction (up to 150 days; never beyond 180).`,
          CITATIONS.PRIMARY_SURGERY_DELAY,
          [scrt.ref, surgery.ref],
          {
            daysFromLastFractionToPrimarySurgery: interval,
          },
        ),
      ];
    }
    if (
      context.asOf === null ||
      !CURATIVE_BRANCHES.includes(context.branch) ||
      context.facts.preferences.declinesMajorSurgery
    )
      return [];
    const elapsed = days(lastFraction, context.asOf);
    if (elapsed <= PRIMARY_SURGERY_WARN_AFTER_DAYS) return [];
    return [
      finding(
        'PRIMARY_SURGERY_LATE',
        severity(elapsed),
        `No primary surgery ${elapsed} days after the last SCRT fraction (up to 150 days; never beyond 180).`,
        CITATIONS.PRIMARY_SURGERY_DELAY,
        [scrt.ref],
        {
          daysSinceLastFraction: elapsed,
        },
      ),
    ];
  },
};

/**
 * SYSTEMIC_THERAPY_DELAYED (warn): the first systemic dose (given, or planned on or after `asOf`)
 * is more than 4 weeks after `asOf`, or none is planned, and no reason is recorded; not on best
 * supportive care. Regimens the proposal names count as planned until the first dose is dated;
 * a planned dose whose day has passed does not.
 * Source: seed § Common Pitfalls ("Do not delay chemotherapy excessively in stage IV disease")
 * and § Systemic Chemotherapy Regimens ("initiated early").
 */
export const SYSTEMIC_THERAPY_DELAYED: FindingRule = {
  code: 'SYSTEMIC_THERAPY_DELAYED',
  citation: CITATIONS.PITFALL_DELAY,
  scope: 'plan',
  evaluate(context) {
    const asOf = context.asOf;
    if (asOf === null || context.systemicDelayReason !== null || context.branch === 'best-supportive-care') return [];
    const systemic = [
      firstSystemic(context),
      context.plannedSystemic.find((planned) => planned.event.startDate >= asOf),
    ]
      .filter((candidate) => candidate !== undefined)
      .sort((a, b) => compareDates(a.event.startDate, b.event.startDate))[0];
    if (systemic === undefined) {
      if (context.plansSystemicRegimens) return [];
      return [
        finding(
          'SYSTEMIC_THERAPY_DELAYED',
          'warn',
          'No systemic therapy is planned for stage IV disease and no reason is recorded.',
          CITATIONS.PITFALL_DELAY,
        ),
      ];
    }
    const wait = days(asOf, systemic.event.startDate);
    if (wait <= SYSTEMIC_START_WITHIN_DAYS) return [];
    return [
      finding(
        'SYSTEMIC_THERAPY_DELAYED',
        'warn',
        `First systemic dose is ${wait} days away (more than 4 weeks) and no reason is recorded.`,
        CITATIONS.PITFALL_DELAY,
        [systemic.ref],
        {
          daysUntilFirstSystemicDose: wait,
        },
      ),
    ];
  },
};
