import { cases } from './testing/cases';
import type { BranchCode, RegimenCode } from './codes';
import { REGIMEN_CODES } from './codes';
import type { CaseFacts } from './facts';
import { decideRegimens, type RegimenDecisionKind } from './regimens';
import { resectableFacts, withBiomarkers } from './testing/fixtures';

function decisionOf(facts: CaseFacts, branch: BranchCode, regimen: RegimenCode) {
  const all = decideRegimens(facts, branch);
  const found = [...all.preferred, ...all.allowed, ...all.forbidden].find((d) => d.regimen === regimen);
  if (found === undefined) throw new Error(`no decision for ${regimen}`);
  return found;
}

const rasBrafWildType = withBiomarkers({ kras: 'wild-type', nras: 'wild-type', braf: 'wild-type' });
const R = 'resectable-oligometastatic' as const;

describe(decideRegimens.name, () => {
  it.each(
    cases<[string, CaseFacts, BranchCode, RegimenCode, RegimenDecisionKind, string]>(
      [
        // Anti-EGFR: seed "only in wild-type KRAS", update extended RAS, PARADIGM, BREAKWATER
        ['cetuximab, KRAS mutant', resectableFacts(), R, 'CETUXIMAB', 'forbidden', 'KRAS mutant'],
        [
          'panitumumab, NRAS mutant',
          withBiomarkers({ kras: 'wild-type', nras: 'mutant' }),
          R,
          'PANITUMUMAB',
          'forbidden',
          'NRAS mutant',
        ],
        [
          'cetuximab, KRAS unknown',
          withBiomarkers({ kras: 'unknown' }),
          R,
          'CETUXIMAB',
          'forbidden',
          'KRAS status unknown',
        ],
        [
          'cetuximab, NRAS unknown',
          withBiomarkers({ kras: 'wild-type', nras: 'unknown' }),
          R,
          'CETUXIMAB',
          'forbidden',
          'NRAS status unknown',
        ],
        ['cetuximab, RAS/BRAF wild-type (left-sided)', rasBrafWildType, R, 'CETUXIMAB', 'preferred', 'left-sided'],
        [
          'panitumumab, RAS wt BRAF unknown',
          withBiomarkers({ kras: 'wild-type', nras: 'wild-type', braf: 'unknown' }),
          R,
          'PANITUMUMAB',
          'allowed',
          'BRAF unknown',
        ],
        [
          'cetuximab, BRAF V600E',
          withBiomarkers({ kras: 'wild-type', nras: 'wild-type', braf: 'V600E' }),
          R,
          'CETUXIMAB',
          'allowed',
          'encorafenib',
        ],
        [
          'cetuximab, RAS wt on reduced intensity',
          rasBrafWildType,
          'reduced-intensity',
          'CETUXIMAB',
          'allowed',
          'reduced-intensity default',
        ],
        // Bevacizumab: seed "regardless of KRAS"
        ['bevacizumab, KRAS mutant', resectableFacts(), R, 'BEVACIZUMAB', 'preferred', 'regardless of KRAS'],
        [
          'bevacizumab, KRAS unknown',
          withBiomarkers({ kras: 'unknown' }),
          R,
          'BEVACIZUMAB',
          'preferred',
          'regardless of KRAS',
        ],
        ['bevacizumab, RAS/BRAF wild-type', rasBrafWildType, R, 'BEVACIZUMAB', 'allowed', 'anti-EGFR is preferred'],
        [
          'bevacizumab, reduced intensity',
          resectableFacts({ ecog: 2 }),
          'reduced-intensity',
          'BEVACIZUMAB',
          'preferred',
          'fluoropyrimidine with bevacizumab',
        ],
        // Encorafenib + cetuximab [BREAKWATER]
        [
          'encorafenib, BRAF V600E RAS wt',
          withBiomarkers({ kras: 'wild-type', nras: 'wild-type', braf: 'V600E' }),
          'palliative-systemic',
          'ENCORAFENIB_CETUXIMAB',
          'preferred',
          'BRAF V600E',
        ],
        [
          'encorafenib, BRAF wild-type',
          rasBrafWildType,
          R,
          'ENCORAFENIB_CETUXIMAB',
          'forbidden',
          'only for BRAF V600E',
        ],
        [
          'encorafenib, BRAF unknown',
          withBiomarkers({ braf: 'unknown' }),
          R,
          'ENCORAFENIB_CETUXIMAB',
          'forbidden',
          'BRAF status unknown',
        ],
        [
          'encorafenib, BRAF V600E RAS unknown',
          withBiomarkers({ kras: 'unknown', braf: 'V600E' }),
          R,
          'ENCORAFENIB_CETUXIMAB',
          'forbidden',
          'Extended RAS unknown',
        ],
        // HER2 and KRAS G12C later lines
        [
          'tucatinib, HER2+ RAS wt',
          withBiomarkers({ kras: 'wild-type', nras: 'wild-type', her2: 'positive' }),
          'palliative-systemic',
          'TUCATINIB_TRASTUZUMAB',
          'allowed',
          'later-line',
        ],
        [
          'tucatinib, HER2+ RAS mutant',
          withBiomarkers({ her2: 'positive' }),
          'palliative-systemic',
          'TUCATINIB_TRASTUZUMAB',
          'forbidden',
          'RAS wild-type',
        ],
        [
          'tucatinib, HER2 negative',
          resectableFacts(),
          'palliative-systemic',
          'TUCATINIB_TRASTUZUMAB',
          'forbidden',
          'HER2-positive',
        ],
        [
          'sotorasib, KRAS G12C',
          withBiomarkers({ krasVariant: 'G12C' }),
          'palliative-systemic',
          'SOTORASIB_PANITUMUMAB',
          'allowed',
          'KRAS G12C',
        ],
        [
          'sotorasib, KRAS p.g12c spelling',
          withBiomarkers({ krasVariant: 'p.g12c' }),
          'palliative-systemic',
          'SOTORASIB_PANITUMUMAB',
          'allowed',
          'KRAS G12C',
        ],
        [
          'sotorasib, KRAS G12D',
          withBiomarkers({ krasVariant: 'G12D' }),
          'palliative-systemic',
          'SOTORASIB_PANITUMUMAB',
          'forbidden',
          'KRAS G12C',
        ],
        // Checkpoint inhibitors [KEYNOTE-177, CheckMate-8HW]
        [
          'pembrolizumab, dMMR',
          withBiomarkers({ mmr: 'dMMR' }),
          'immunotherapy-first',
          'PEMBROLIZUMAB',
          'preferred',
          'first-line checkpoint',
        ],
        [
          'nivolumab+ipilimumab, dMMR',
          withBiomarkers({ mmr: 'dMMR' }),
          'immunotherapy-first',
          'NIVOLUMAB_IPILIMUMAB',
          'preferred',
          'first-line checkpoint',
        ],
        ['pembrolizumab, pMMR', resectableFacts(), R, 'PEMBROLIZUMAB', 'forbidden', 'pMMR'],
        [
          'pembrolizumab, MMR unknown',
          withBiomarkers({ mmr: 'unknown' }),
          R,
          'PEMBROLIZUMAB',
          'forbidden',
          'MMR status unknown',
        ],
        [
          'pembrolizumab, dMMR ECOG 2',
          withBiomarkers({ mmr: 'dMMR' }, resectableFacts({ ecog: 2 })),
          'reduced-intensity',
          'PEMBROLIZUMAB',
          'allowed',
          'ECOG 2',
        ],
        // Chemotherapy backbones, DPD [EMA 2020], triplet, renal function
        ['FOLFOX, fit', resectableFacts(), R, 'FOLFOX', 'preferred', 'Combination chemotherapy'],
        ['FOLFIRI, fit', resectableFacts(), 'palliative-systemic', 'FOLFIRI', 'preferred', 'Combination chemotherapy'],
        [
          'FOLFOX, complete DPD deficiency',
          withBiomarkers({ dpd: 'complete-deficiency' }),
          R,
          'FOLFOX',
          'forbidden',
          'DPD',
        ],
        [
          'CAPOX, complete DPD deficiency',
          withBiomarkers({ dpd: 'complete-deficiency' }),
          R,
          'CAPOX',
          'forbidden',
          'DPD',
        ],
        [
          'FLUOROPYRIMIDINE, complete DPD deficiency',
          withBiomarkers({ dpd: 'complete-deficiency' }),
          'reduced-intensity',
          'FLUOROPYRIMIDINE',
          'forbidden',
          'DPD',
        ],
        ['CAPOX, CrCl 29', resectableFacts({ creatinineClearanceMlMin: 29 }), R, 'CAPOX', 'allowed', '< 30'],
        [
          'CAPOX, CrCl 30',
          resectableFacts({ creatinineClearanceMlMin: 30 }),
          R,
          'CAPOX',
          'preferred',
          'Combination chemotherapy',
        ],
        ['FOLFOXIRI, fit', resectableFacts(), 'conversion-chemo-first', 'FOLFOXIRI', 'allowed', 'Triplet'],
        [
          'FOLFOXIRI, ECOG 2',
          resectableFacts({ ecog: 2 }),
          'reduced-intensity',
          'FOLFOXIRI',
          'forbidden',
          'No triplet',
        ],
        [
          'FLUOROPYRIMIDINE alone, reduced intensity',
          resectableFacts({ ecog: 2 }),
          'reduced-intensity',
          'FLUOROPYRIMIDINE',
          'preferred',
          'fluoropyrimidine alone',
        ],
        ['FLUOROPYRIMIDINE alone, curative', resectableFacts(), R, 'FLUOROPYRIMIDINE', 'allowed', 'dose intensity'],
        [
          'FOLFOX, reduced intensity',
          resectableFacts({ ecog: 2 }),
          'reduced-intensity',
          'FOLFOX',
          'allowed',
          'tolerable',
        ],
        [
          'FOLFOX, best supportive care',
          resectableFacts({ ecog: 3 }),
          'best-supportive-care',
          'FOLFOX',
          'allowed',
          'ECOG >= 3',
        ],
        // Radiotherapy
        ['SCRT, resectable', resectableFacts(), R, 'SCRT_5X5', 'preferred', '5x5 Gy'],
        [
          'SCRT, RT-first conversion',
          resectableFacts(),
          'conversion-rt-first',
          'SCRT_5X5',
          'preferred',
          'Radiotherapy-first',
        ],
        [
          'SCRT, chemo-first conversion',
          resectableFacts(),
          'conversion-chemo-first',
          'SCRT_5X5',
          'allowed',
          'Optional',
        ],
        [
          'SCRT, declines radiotherapy',
          resectableFacts({ preferences: { declinesMajorSurgery: false, declinesRadiotherapy: true, notes: null } }),
          R,
          'SCRT_5X5',
          'forbidden',
          'declines radiotherapy',
        ],
        ['LCCRT upfront, resectable', resectableFacts(), R, 'LCCRT_50GY', 'forbidden', 'delays systemic therapy'],
        [
          'LCCRT upfront, locally advanced',
          resectableFacts({ tCategory: 'T4b' }),
          R,
          'LCCRT_50GY',
          'forbidden',
          'delays systemic therapy',
        ],
        [
          'palliative RT, bleeding on best supportive care',
          resectableFacts({ ecog: 3, symptoms: { bleeding: true, obstruction: false, pain: false } }),
          'best-supportive-care',
          'PALLIATIVE_RT',
          'preferred',
          'Symptomatic',
        ],
        [
          'palliative RT, no symptoms',
          resectableFacts(),
          'palliative-systemic',
          'PALLIATIVE_RT',
          'allowed',
          'symptom control',
        ],
      ],
      (label, _facts, _branch, _regimen, decision) => `${label} -> ${decision}`,
    ),
  )('%s', (_title, _label, facts, branch, regimen, decision, reasonPart) => {
    const found = decisionOf(facts, branch, regimen);
    expect(found.decision).toBe(decision);
    expect(found.reason).toContain(reasonPart);
    expect(found.citation.section.length).toBeGreaterThan(0);
  });

  it('decides every regimen exactly once', () => {
    const all = decideRegimens(resectableFacts(), R);
    const decided = [...all.preferred, ...all.allowed, ...all.forbidden].map((d) => d.regimen).sort();
    expect(decided).toEqual([...REGIMEN_CODES].sort());
  });

  it.each([
    ['unknown', 'DPD status before the first dose (EMA 2020)'],
    ['partial-deficiency', 'reduced starting dose: partial DPD deficiency (EMA 2020)'],
  ] as const)('adds the DPD condition to fluoropyrimidines when DPD is %s', (dpd, condition) => {
    expect(decisionOf(withBiomarkers({ dpd }), R, 'FOLFOX').conditions).toContain(condition);
    expect(decisionOf(withBiomarkers({ dpd: 'normal' }), R, 'FOLFOX').conditions).not.toContain(condition);
  });

  it('keeps bevacizumab surgery intervals as conditions on curative branches only', () => {
    expect(decisionOf(resectableFacts(), R, 'BEVACIZUMAB').conditions).toContain(
      'last dose >= 6 weeks before elective surgery',
    );
    expect(decisionOf(resectableFacts(), 'palliative-systemic', 'BEVACIZUMAB').conditions).not.toContain(
      'last dose >= 6 weeks before elective surgery',
    );
  });
});
