/** Facts derived from CaseFacts that several rules share (one definition each). */
import type { CaseFacts, Ecog, RasStatus, Resectability } from './facts';

const RESECTABILITY_RANK: Record<Resectability, number> = {
  resectable: 0,
  'potentially-resectable': 1,
  unresectable: 2,
};

/**
 * Overall resectability = the worst call over all sites; null when any site is not called
 * yet (unless one is already unresectable, which decides it). Source: PATHWAY.md "Metastases".
 */
export function overallResectability(facts: CaseFacts): Resectability | null {
  let worst: Resectability = 'resectable';
  let missing = false;
  for (const metastasis of facts.metastases) {
    if (metastasis.resectability === null) missing = true;
    else if (RESECTABILITY_RANK[metastasis.resectability] > RESECTABILITY_RANK[worst]) worst = metastasis.resectability;
  }
  if (worst === 'unresectable') return worst;
  return missing || facts.metastases.length === 0 ? null : worst;
}

/** Extended RAS = KRAS and NRAS: mutant if either is, wild-type only if both are. [update: ESMO mCRC 2023] */
export function extendedRasStatus(facts: CaseFacts): RasStatus {
  const { kras, nras } = facts.biomarkers;
  if (kras === 'mutant' || nras === 'mutant') return 'mutant';
  return kras === 'wild-type' && nras === 'wild-type' ? 'wild-type' : 'unknown';
}

/** cT4 or a threatened mesorectal fascia. Source: seed § Locally Advanced Primary with Resectable Metastases. */
export function isLocallyAdvancedPrimary(facts: CaseFacts): boolean {
  return facts.tCategory === 'T4a' || facts.tCategory === 'T4b' || facts.mesorectalFasciaThreatened === true;
}

/** ECOG used for decisions: the recorded value, or 1 (fit) when unknown, recorded as an assumption. */
export function assumedEcog(facts: CaseFacts): Ecog {
  return facts.ecog ?? 1;
}

/** Fit for intensive treatment: the recorded answer, otherwise ECOG 0-1. */
export function assumedFitForIntensiveTreatment(facts: CaseFacts): boolean {
  return facts.fitForIntensiveTreatment ?? assumedEcog(facts) <= 1;
}

/** Bleeding or obstruction of the primary (the symptoms that call for local control). */
export function hasSymptomaticPrimary(facts: CaseFacts): boolean {
  return facts.symptoms.bleeding || facts.symptoms.obstruction;
}

/** KRAS G12C recorded (variant spelt 'G12C' or 'p.G12C', any case). */
export function isKrasG12c(facts: CaseFacts): boolean {
  const variant = facts.biomarkers.krasVariant;
  return facts.biomarkers.kras === 'mutant' && variant !== null && /^(p\.)?g12c$/i.test(variant.trim());
}
