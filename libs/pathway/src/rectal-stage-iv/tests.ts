/** Tests the plan requires before treatment choices depend on them. */
import type { Citation } from '../core/citation';
import { CITATIONS } from './citations';
import type { BranchCode } from './codes';
import type { CaseFacts } from './facts';

export type BiomarkerTest = 'KRAS' | 'NRAS' | 'BRAF' | 'MMR' | 'HER2' | 'DPD' | 'KRAS_VARIANT';

export interface RequiredTest {
  readonly test: BiomarkerTest;
  readonly status: 'pending' | 'resulted';
  /** The recorded result, null while pending. */
  readonly result: string | null;
  readonly neededBefore: string;
  readonly citation: Citation;
}

function entry(test: BiomarkerTest, value: string, neededBefore: string, citation: Citation): RequiredTest {
  return value === 'unknown'
    ? { test, status: 'pending', result: null, neededBefore, citation }
    : { test, status: 'resulted', result: value, neededBefore, citation };
}

/**
 * Biomarker tests for any branch with systemic therapy: KRAS (seed § Pitfalls), NRAS (extended
 * RAS), BRAF, MMR (universal testing), HER2 (later line), DPD (EMA 2020) [updates]; the KRAS
 * variant when KRAS is mutant (G12C later line). None on best supportive care.
 */
export function requiredTests(facts: CaseFacts, branch: BranchCode): RequiredTest[] {
  if (branch === 'best-supportive-care') return [];
  const b = facts.biomarkers;
  const tests = [
    entry('KRAS', b.kras, 'any anti-EGFR antibody', CITATIONS.PITFALL_KRAS_BEFORE_EGFR),
    entry('NRAS', b.nras, 'any anti-EGFR antibody', CITATIONS.EXTENDED_RAS),
    entry('BRAF', b.braf, 'the first systemic dose', CITATIONS.BIOMARKERS_BEFORE_FIRST_LINE),
    entry('MMR', b.mmr, 'the first systemic dose', CITATIONS.UNIVERSAL_MMR_TESTING),
    entry('HER2', b.her2, 'a second-line choice', CITATIONS.HER2_LATER_LINE),
    entry('DPD', b.dpd, 'the first fluoropyrimidine dose', CITATIONS.DPD_TESTING),
  ];
  if (b.kras === 'mutant')
    tests.push(
      entry('KRAS_VARIANT', b.krasVariant ?? 'unknown', 'a later-line choice', CITATIONS.KRAS_G12C_LATER_LINE),
    );
  return tests;
}
