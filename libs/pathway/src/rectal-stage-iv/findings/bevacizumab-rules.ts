/** Findings about bevacizumab around surgery and in combination. */
import { CITATIONS } from '../citations';
import { ANTI_EGFR_CODES } from '../codes';
import { days, finding, hasAny, type FindingRule, type RectalFinding } from './context';

/** Below this many days before elective surgery the last bevacizumab dose blocks (label). */
export const BEVACIZUMAB_BLOCK_DAYS = 28;
/** The seed's "at least 6 weeks" between the last dose and elective surgery. */
export const BEVACIZUMAB_CLEAN_DAYS = 42;
/** Restart not before this many days after surgery (label). */
export const BEVACIZUMAB_RESTART_DAYS = 28;

/**
 * BEVACIZUMAB_TOO_CLOSE_TO_SURGERY: last bevacizumab dose on or before an elective surgery;
 * < 28 days block, 28-41 days warn, >= 42 days clean.
 * Source: seed § Common Pitfalls ("at least a 6-week interval between the last dose and elective surgery").
 */
export const BEVACIZUMAB_TOO_CLOSE_TO_SURGERY: FindingRule = {
  code: 'BEVACIZUMAB_TOO_CLOSE_TO_SURGERY',
  citation: CITATIONS.PITFALL_BEVACIZUMAB_SURGERY,
  scope: 'plan',
  evaluate({ surgeries, bevacizumabDoses }) {
    const result: RectalFinding[] = [];
    for (const surgery of surgeries) {
      if (!surgery.event.elective) continue;
      let last: (typeof bevacizumabDoses)[number] | undefined;
      for (const dose of bevacizumabDoses) if (dose.date <= surgery.event.date) last = dose;
      if (last === undefined) continue;
      const interval = days(last.date, surgery.event.date);
      if (interval >= BEVACIZUMAB_CLEAN_DAYS) continue;
      result.push(
        finding(
          'BEVACIZUMAB_TOO_CLOSE_TO_SURGERY',
          interval < BEVACIZUMAB_BLOCK_DAYS ? 'block' : 'warn',
          `Last bevacizumab dose ${interval} days before elective surgery (at least 42 days required${interval < BEVACIZUMAB_BLOCK_DAYS ? ', under 28 is unsafe' : ''}).`,
          CITATIONS.PITFALL_BEVACIZUMAB_SURGERY,
          [last.ref, surgery.ref],
          { daysFromLastBevacizumabDoseToSurgery: interval },
        ),
      );
    }
    return result;
  },
};

/**
 * BEVACIZUMAB_RESTART_TOO_EARLY (block): the first bevacizumab dose after a surgery comes < 28
 * days after it, or before the wound healed (or, once given, without a recorded healed wound).
 * Source: [update: bevacizumab label].
 */
export const BEVACIZUMAB_RESTART_TOO_EARLY: FindingRule = {
  code: 'BEVACIZUMAB_RESTART_TOO_EARLY',
  citation: CITATIONS.BEVACIZUMAB_LABEL,
  scope: 'plan',
  evaluate({ surgeries, bevacizumabDoses, asOf }) {
    const result: RectalFinding[] = [];
    for (const surgery of surgeries) {
      const restart = bevacizumabDoses.find((dose) => dose.date > surgery.event.date);
      if (restart === undefined) continue;
      const interval = days(surgery.event.date, restart.date);
      const healed = surgery.event.woundHealedDate ?? null;
      const ids = [surgery.ref, restart.ref];
      if (interval < BEVACIZUMAB_RESTART_DAYS) {
        result.push(
          finding(
            'BEVACIZUMAB_RESTART_TOO_EARLY',
            'block',
            `Bevacizumab restarted ${interval} days after surgery (not before 28 days).`,
            CITATIONS.BEVACIZUMAB_LABEL,
            ids,
            { daysFromSurgeryToRestart: interval },
          ),
        );
      } else if (healed !== null && restart.date < healed) {
        result.push(
          finding(
            'BEVACIZUMAB_RESTART_TOO_EARLY',
            'block',
            `Bevacizumab restarted before the wound healed (healed ${healed}).`,
            CITATIONS.BEVACIZUMAB_LABEL,
            ids,
            {
              daysFromSurgeryToRestart: interval,
              daysFromRestartToWoundHealed: days(restart.date, healed),
            },
          ),
        );
      } else if (healed === null && (restart.done || (asOf !== null && restart.date <= asOf))) {
        result.push(
          finding(
            'BEVACIZUMAB_RESTART_TOO_EARLY',
            'block',
            'Bevacizumab restarted after surgery without a recorded healed wound.',
            CITATIONS.BEVACIZUMAB_LABEL,
            ids,
            { daysFromSurgeryToRestart: interval },
          ),
        );
      }
    }
    return result;
  },
};

/**
 * BEVACIZUMAB_WITH_ANTI_EGFR (block): bevacizumab and an anti-EGFR antibody in one regimen.
 * Source: PATHWAY.md regimen rules ("never bevacizumab together with anti-EGFR"); ESMO mCRC 2023.
 */
export const BEVACIZUMAB_WITH_ANTI_EGFR: FindingRule = {
  code: 'BEVACIZUMAB_WITH_ANTI_EGFR',
  citation: CITATIONS.BEVACIZUMAB_NOT_WITH_ANTI_EGFR,
  scope: 'plan',
  evaluate({ regimenSources }) {
    return regimenSources
      .filter((source) => source.regimens.includes('BEVACIZUMAB') && hasAny(source.regimens, ANTI_EGFR_CODES))
      .map((source) =>
        finding(
          'BEVACIZUMAB_WITH_ANTI_EGFR',
          'block',
          'Bevacizumab combined with an anti-EGFR antibody in one regimen.',
          CITATIONS.BEVACIZUMAB_NOT_WITH_ANTI_EGFR,
          [source.ref],
        ),
      );
  },
};
