/** What the draft assumed where facts were missing (null / 'unknown'), so the board can see it. */
import { overallResectability } from './derived';
import type { CaseFacts } from './facts';

export interface Assumption {
  /** The CaseFacts field that was missing. */
  readonly field: string;
  readonly assumption: string;
}

/** Lists every assumption the branch, regimen and finding rules made for these facts. */
export function assumptionsFor(facts: CaseFacts): Assumption[] {
  const result: Assumption[] = [];
  const add = (field: string, assumption: string) => result.push({ field, assumption });
  if (facts.ecog === null) add('ecog', 'ECOG not recorded: assumed 0-1 (fit) for the branch choice.');
  if (facts.fitForIntensiveTreatment === null) {
    add(
      'fitForIntensiveTreatment',
      `Fitness for intensive treatment not recorded: assumed ${(facts.ecog ?? 1) <= 1 ? 'fit' : 'not fit'} from ECOG.`,
    );
  }
  facts.metastases.forEach((metastasis, index) => {
    if (metastasis.resectability === null)
      add(`metastases[${index}].resectability`, `Resectability of the ${metastasis.site} metastases not called yet.`);
  });
  if (overallResectability(facts) === null) {
    add(
      'metastases',
      'Overall resectability unknown: assumed potentially resectable (conversion branches) until the board calls it.',
    );
  }
  if (facts.mesorectalFasciaThreatened === null)
    add('mesorectalFasciaThreatened', 'MRF status not recorded: assumed not threatened.');
  if (facts.distanceFromAnalVergeCm === null)
    add('distanceFromAnalVergeCm', 'Tumour height not recorded: stent suitability (< 5 cm) cannot be judged.');
  if (facts.ageYears === null) add('ageYears', 'Age not recorded: the board weighs age and comorbidities.');
  if (facts.creatinineClearanceMlMin === null)
    add(
      'creatinineClearanceMlMin',
      'Creatinine clearance not recorded: capecitabine (needs >= 30 mL/min) not checked.',
    );
  const b = facts.biomarkers;
  if (b.mmr === 'unknown')
    add(
      'biomarkers.mmr',
      'MMR status unknown: assumed pMMR for the branch choice; checkpoint inhibitors withheld until dMMR is confirmed.',
    );
  if (b.kras === 'unknown' || b.nras === 'unknown')
    add(
      'biomarkers.kras/nras',
      'Extended RAS unknown: anti-EGFR antibodies withheld until KRAS and NRAS are wild-type.',
    );
  if (b.braf === 'unknown')
    add('biomarkers.braf', 'BRAF unknown: encorafenib + cetuximab not considered until tested.');
  if (b.her2 === 'unknown') add('biomarkers.her2', 'HER2 unknown: HER2-targeted later-line therapy not considered.');
  if (b.dpd === 'unknown') add('biomarkers.dpd', 'DPD status unknown: no fluoropyrimidine before the result.');
  return result;
}
