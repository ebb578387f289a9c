/**
 * Every source the colon stage I-III rules rest on, in one place (PATHWAY-COLON.md "Sources").
 * There is no seed text for this pathway, so citations are `update`s naming the source and the
 * point it makes; no sentence is presented as a verbatim quote.
 */
import type { Citation } from '../core/citation';
import { SHARED_CITATIONS } from '../shared-rules/fluoropyrimidine-rules';

function source(name: string, section: string): Citation {
  return Object.freeze({ kind: 'update', source: name, section });
}

const ESMO_2020 = 'ESMO localised colon cancer guideline (Argiles et al., Ann Oncol 2020)';
const IDEA = 'IDEA pooled analysis (Grothey et al., NEJM 2018)';

/** The citations, by name; rules reference these, never inline text. */
export const COLON_CITATIONS = {
  SCOPE: source(ESMO_2020, 'resected colon adenocarcinoma, stage I-III: adjuvant decision and follow-up'),
  TNM_STAGE_GROUPS: source('UICC/AJCC TNM 8th edition (colon and rectum)', 'anatomic stage groups from pT and pN'),
  STAGE_I_NO_ADJUVANT: source(ESMO_2020, 'stage I: no adjuvant chemotherapy; follow-up only'),
  STAGE_II_HIGH_RISK: source(
    ESMO_2020,
    'stage II high-risk features: pT4 (incl. perforation), < 12 nodes examined, obstruction, grade 3-4 (not in dMMR), lymphovascular or perineural invasion, raised pre-operative CEA',
  ),
  STAGE_II_LOW_RISK: source(
    ESMO_2020,
    'stage II without high-risk features: adjuvant chemotherapy not routinely recommended',
  ),
  STAGE_II_ADJUVANT: source(
    ESMO_2020,
    'high-risk stage II: fluoropyrimidine 6 months, or oxaliplatin-based for pT4, < 12 nodes or several features',
  ),
  IDEA_STAGE_II: source(
    'IDEA stage II (Iveson et al., Lancet Oncol 2020)',
    'high-risk stage II: CAPOX 3 months as an option',
  ),
  DMMR_STAGE_II: source(
    'Sargent et al., JCO 2010',
    'dMMR stage II: fluoropyrimidine alone gives no benefit (and may harm)',
  ),
  IDEA_LOW_RISK: source(IDEA, 'pT1-3 N1: CAPOX 3 months non-inferior to 6 months (preferred); FOLFOX 6 months'),
  IDEA_HIGH_RISK: source(
    IDEA,
    'pT4 and/or N2: 6 months better than 3 months, most clearly for FOLFOX; CAPOX 3 months an option',
  ),
  IDEA_FOLFOX_3M: source(IDEA, 'FOLFOX 3 months: non-inferiority to 6 months not shown'),
  OXALIPLATIN_BENEFIT: source(
    'MOSAIC (André et al.) and NSABP C-07',
    'adding oxaliplatin to a fluoropyrimidine improves disease-free survival in stage III',
  ),
  OXALIPLATIN_AGE_70: source('ACCENT pooled analyses', 'age >= 70: no benefit of adding oxaliplatin shown'),
  OXALIPLATIN_NEUROPATHY: source(
    ESMO_2020,
    'oxaliplatin is contraindicated with pre-existing peripheral neuropathy (cumulative neurotoxicity)',
  ),
  FRAIL_FLUOROPYRIMIDINE: source(
    ESMO_2020,
    'age >= 70, ECOG 2 or neuropathy: fluoropyrimidine alone (capecitabine or 5-FU/LV) 6 months',
  ),
  POOR_CONDITION: source(ESMO_2020, 'ECOG >= 3: adjuvant chemotherapy not advised'),
  NO_BIOLOGICS: source(
    'NSABP C-08 and AVANT (bevacizumab); N0147 and PETACC-8 (cetuximab)',
    'no benefit (AVANT: harm) from biologics in the adjuvant setting',
  ),
  NO_IRINOTECAN: source('CALGB 89803 and PETACC-3', 'irinotecan-based adjuvant chemotherapy: no benefit'),
  ADJUVANT_TIMING: source(
    'Biagi et al., JAMA 2011; ESMO 2020',
    'start adjuvant chemotherapy within 8 weeks of surgery; each 4 weeks of delay worsens survival',
  ),
  FEWER_NODES: source(ESMO_2020, 'at least 12 lymph nodes should be examined; fewer risks under-staging'),
  CEA_FOLLOW_UP: source(ESMO_2020, 'CEA every 3-6 months for 3 years, then every 6 months to 5 years'),
  CT_FOLLOW_UP: source(ESMO_2020, 'CT chest and abdomen every 6-12 months for 3 years'),
  COLONOSCOPY: source(
    ESMO_2020,
    'colonoscopy 1 year after surgery; within 3-6 months if the colon was not fully seen before surgery',
  ),
  DPD_TESTING: SHARED_CITATIONS.DPD_TESTING,
  CAPECITABINE_RENAL: SHARED_CITATIONS.CAPECITABINE_RENAL,
} as const satisfies Record<string, Citation>;
