/** Findings about performance status and treatment intensity. */
import { CURATIVE_BRANCHES } from '../branches';
import { CITATIONS } from '../citations';
import { finding, type FindingRule, type RectalFinding } from './context';

/**
 * INTENSIVE_THERAPY_POOR_PS (warn): recorded ECOG >= 2 with a triplet (FOLFOXIRI), metastasis
 * surgery, or a curative branch chosen by the board.
 * Sources: seed § Critical Decision-Making Factors (performance status, ability to tolerate
 * intensive therapy), seed § Resectable ("the patient tolerates intensive treatment");
 * [update: ESMO mCRC (I,B)] no triplet.
 */
export const INTENSIVE_THERAPY_POOR_PS: FindingRule = {
  code: 'INTENSIVE_THERAPY_POOR_PS',
  citation: CITATIONS.FACTOR_PERFORMANCE_STATUS,
  scope: 'plan',
  evaluate({ facts, regimenSources, surgeries, branch, branchChosenByBoard }) {
    const ecog = facts.ecog;
    if (ecog === null || ecog < 2) return [];
    const result: RectalFinding[] = [];
    for (const source of regimenSources) {
      if (source.regimens.includes('FOLFOXIRI')) {
        result.push(
          finding(
            'INTENSIVE_THERAPY_POOR_PS',
            'warn',
            `Triplet chemotherapy (FOLFOXIRI) with ECOG ${ecog}.`,
            CITATIONS.REDUCED_INTENSITY,
            [source.ref],
          ),
        );
      }
    }
    for (const surgery of surgeries) {
      if (surgery.event.target !== 'primary') {
        result.push(
          finding(
            'INTENSIVE_THERAPY_POOR_PS',
            'warn',
            `Metastasis surgery planned with ECOG ${ecog}.`,
            CITATIONS.FACTOR_PERFORMANCE_STATUS,
            [surgery.ref],
          ),
        );
      }
    }
    if (branchChosenByBoard && CURATIVE_BRANCHES.includes(branch)) {
      result.push(
        finding(
          'INTENSIVE_THERAPY_POOR_PS',
          'warn',
          `Intensive curative branch ${branch} chosen with ECOG ${ecog}.`,
          CITATIONS.RESECTABLE_INTENT,
        ),
      );
    }
    return result;
  },
};

/**
 * SYSTEMIC_THERAPY_ECOG_3_PLUS (warn): recorded ECOG >= 3 with any systemic therapy.
 * Sources: [update: ESMO mCRC 2023]; seed § Palliative Management (poor performance status).
 */
export const SYSTEMIC_THERAPY_ECOG_3_PLUS: FindingRule = {
  code: 'SYSTEMIC_THERAPY_ECOG_3_PLUS',
  citation: CITATIONS.ECOG_3_PLUS,
  scope: 'plan',
  evaluate({ facts, regimenSources }) {
    const ecog = facts.ecog;
    if (ecog === null || ecog < 3) return [];
    const systemic = regimenSources.filter((source) => !source.regimens.includes('LCCRT_50GY'));
    if (systemic.length === 0) return [];
    return [
      finding(
        'SYSTEMIC_THERAPY_ECOG_3_PLUS',
        'warn',
        `Systemic therapy planned with ECOG ${ecog}.`,
        CITATIONS.ECOG_3_PLUS,
        systemic.map((s) => s.ref),
      ),
    ];
  },
};
