/**
 * Every source sentence the rectal stage IV rules rest on, in one place. Seed quotes are
 * verbatim from seed/stage-iv-rectal-cancer-treatment.txt so a reviewer can search for them.
 */
import type { Citation } from '../core/citation';
import { SHARED_CITATIONS } from '../shared-rules/fluoropyrimidine-rules';

const SEED_SOURCE =
  'stage-iv-rectal-cancer-treatment.txt (ESMO Rectal Cancer CPG, Glynne-Jones et al., Ann Oncol 2017)';

function seed(section: string, quote: string): Citation {
  return Object.freeze({ kind: 'seed', source: SEED_SOURCE, section, quote });
}

function update(source: string, section: string, quote?: string): Citation {
  return Object.freeze(
    quote === undefined ? { kind: 'update', source, section } : { kind: 'update', source, section, quote },
  );
}

const RESECTABLE = 'Resectable Synchronous Metastases (Oligometastatic Disease)';
const LOCALLY_ADVANCED = 'Locally Advanced Primary with Resectable Metastases';
const DOWN_SIZING = 'Non-Resectable Metastases Requiring Down-Sizing';
const SYSTEMIC = 'Systemic Chemotherapy Regimens';
const PALLIATIVE = 'Palliative Management';
const FACTORS = 'Critical Decision-Making Factors';
const PITFALLS = 'Common Pitfalls to Avoid';

/** The citations, by name; rules reference these, never inline text. */
export const CITATIONS = {
  // Seed: overview
  OVERVIEW_RESECTABLE: seed(
    'Treatment of Stage IV Rectal Cancer',
    'patients with resectable oligometastatic disease should receive short-course radiotherapy (5×5 Gy) followed by combination chemotherapy and then surgical resection of both primary and metastatic sites',
  ),
  OVERVIEW_UNRESECTABLE: seed(
    'Treatment of Stage IV Rectal Cancer',
    'those with unresectable metastases should start with systemic combination chemotherapy (FOLFOX or FOLFIRI with or without biologics) as the cornerstone of treatment',
  ),
  // Seed: resectable synchronous metastases
  RESECTABLE_INTENT: seed(
    RESECTABLE,
    'The treatment sequence for resectable disease prioritizes cure and requires aggressive multimodality therapy',
  ),
  RESECTABLE_SCRT_THEN_CHEMO: seed(
    RESECTABLE,
    'If both primary tumor and metastases are upfront resectable and the patient tolerates intensive treatment: Begin with short-course radiotherapy (5×5 Gy) to the primary tumor and adjacent nodes, followed immediately by combination chemotherapy starting 11-18 days later.',
  ),
  RESECTABLE_EVALUATE_THEN_SURGERY: seed(
    RESECTABLE,
    'Evaluate response after 6-8 weeks, then perform surgery for metastases and primary tumor at approximately 3 months or when appropriate.',
  ),
  RESECTABLE_PERIOPERATIVE_6_MONTHS: seed(
    RESECTABLE,
    'Complete a total of 6 months of perioperative chemotherapy (pre- and postoperative combined).',
  ),
  RESECTABLE_DOSE_INTENSITY: seed(
    RESECTABLE,
    'Short-course radiotherapy with combination chemotherapy provides higher dose intensity of systemic treatment compared to conventional chemoradiotherapy with fluoropyrimidine alone.',
  ),
  PRIMARY_SURGERY_DELAY: seed(
    RESECTABLE,
    'Surgery for the primary can be safely delayed up to 5-6 months after radiotherapy when synchronous metastases are present.',
  ),
  // Seed: locally advanced primary
  LOCALLY_ADVANCED_SAME_STRATEGY: seed(
    LOCALLY_ADVANCED,
    'Apply the same strategy as above: 5×5 Gy followed by combination chemotherapy, then staged surgical resection.',
  ),
  LOCALLY_ADVANCED_NO_UPFRONT_CRT: seed(
    LOCALLY_ADVANCED,
    'Conventional chemoradiation with fluoropyrimidine is almost never indicated as upfront treatment when synchronous metastases are present.',
  ),
  // Seed: down-sizing
  CONVERSION_CHEMO_FIRST: seed(
    DOWN_SIZING,
    'Chemotherapy-first approach: Start with combination chemotherapy, evaluate after 2 and 4 months, continue until sufficient regression occurs, then consider 5×5 Gy if desired, followed by metastases surgery and subsequent rectal surgery with additional adjuvant chemotherapy.',
  ),
  CONVERSION_RT_FIRST: seed(
    DOWN_SIZING,
    'Radiotherapy-first approach: Use the same 5×5 Gy plus combination chemotherapy strategy as for resectable disease.',
  ),
  // Seed: systemic regimens
  CHEMO_EARLY: seed(SYSTEMIC, 'Chemotherapy should be initiated early'),
  FIRST_LINE: seed(
    SYSTEMIC,
    'First-line: Fluoropyrimidines (5-FU/leucovorin or capecitabine) combined with oxaliplatin (FOLFOX) or irinotecan (FOLFIRI), with or without monoclonal antibodies.',
  ),
  BEVACIZUMAB_ANY_KRAS: seed(SYSTEMIC, 'Bevacizumab (anti-VEGF) can be used regardless of KRAS mutation status.'),
  ANTI_EGFR_KRAS_WILD_TYPE: seed(
    SYSTEMIC,
    'Cetuximab or panitumumab (EGFR inhibitors) are indicated only in wild-type KRAS tumors.',
  ),
  SECOND_LINE: seed(
    SYSTEMIC,
    'Second-line chemotherapy should be considered for patients maintaining good performance status.',
  ),
  THIRD_LINE: seed(SYSTEMIC, 'Third-line therapy is appropriate for selected patients in good performance status.'),
  // Seed: palliative management
  PALLIATIVE_SCOPE: seed(PALLIATIVE, 'For patients with unresectable disease or poor performance status'),
  PALLIATIVE_LOCAL_THEN_SYSTEMIC: seed(
    PALLIATIVE,
    'Palliative resection, fulguration, or radiotherapy followed by systemic therapy may be appropriate.',
  ),
  STENT_LOW_TUMOUR: seed(
    PALLIATIVE,
    'Stenting procedures can be considered but may be difficult for lower tumors as patients often cannot tolerate them.',
  ),
  PALLIATIVE_RT: seed(PALLIATIVE, 'Radiotherapy as a palliative procedure is reasonable for symptomatic control.'),
  // Seed: decision factors
  FACTOR_AGE_COMORBIDITIES: seed(FACTORS, 'Age and comorbidities'),
  FACTOR_PREFERENCES: seed(FACTORS, 'Patient preferences'),
  FACTOR_GREATEST_THREAT: seed(
    FACTORS,
    'Most importantly: Balanced evaluation of extent of primary versus metastatic disease to determine which constitutes the greatest threat',
  ),
  FACTOR_PERFORMANCE_STATUS: seed(FACTORS, 'Performance status and ability to tolerate intensive therapy'),
  // Seed: pitfalls
  PITFALL_LONG_COURSE_CRT: seed(
    PITFALLS,
    'Do not use conventional long-course chemoradiotherapy (50 Gy with fluoropyrimidine) as upfront treatment in synchronous metastases - this delays systemic therapy and reduces dose intensity.',
  ),
  PITFALL_DELAY: seed(
    PITFALLS,
    'Do not delay chemotherapy excessively in stage IV disease, as systemic therapy is the only modality that can improve survival in metastatic disease.',
  ),
  PITFALL_KRAS_BEFORE_EGFR: seed(
    PITFALLS,
    'Ensure KRAS mutation testing is performed before considering EGFR inhibitors, as these are ineffective in KRAS mutant tumors.',
  ),
  PITFALL_BEVACIZUMAB_SURGERY: seed(
    PITFALLS,
    'For bevacizumab use, maintain at least a 6-week interval between the last dose and elective surgery due to wound healing concerns.',
  ),
  // Updates (PATHWAY.md "Sources for the updates")
  EXTENDED_RAS: update(
    'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    'extended RAS (KRAS and NRAS) wild-type required for anti-EGFR',
  ),
  UNIVERSAL_MMR_TESTING: update(
    'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    'MMR/MSI status for every metastatic colorectal cancer at diagnosis',
  ),
  REDUCED_INTENSITY: update(
    'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    'frail / ECOG 2: fluoropyrimidine alone or with bevacizumab; no triplet (I,B)',
  ),
  BIOMARKERS_BEFORE_FIRST_LINE: update(
    'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    'RAS, BRAF, MMR (and HER2) status before first-line therapy is chosen',
  ),
  HER2_LATER_LINE: update(
    'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    'tucatinib + trastuzumab in a later line for HER2-positive, RAS wild-type disease',
  ),
  KRAS_G12C_LATER_LINE: update(
    'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    'sotorasib + panitumumab in a later line for KRAS G12C-mutant disease',
  ),
  ECOG_3_PLUS: update(
    'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    'ECOG >= 3: best supportive care; systemic therapy only exceptionally',
  ),
  KEYNOTE_177: update('KEYNOTE-177 (NEJM 2020)', 'first-line pembrolizumab in dMMR/MSI-H metastatic colorectal cancer'),
  KEYNOTE_177_IMAGING: update('KEYNOTE-177 (NEJM 2020)', 'tumour imaging every 9 weeks from the first dose'),
  CHECKMATE_8HW: update(
    'CheckMate-8HW, FDA 2025',
    'first-line nivolumab + ipilimumab in dMMR/MSI-H metastatic colorectal cancer',
  ),
  CHECKPOINT_PMMR: update(
    'KEYNOTE-177 (NEJM 2020); CheckMate-8HW, FDA 2025',
    'checkpoint inhibitors are indicated only in dMMR/MSI-H; not in pMMR/MSS outside a trial',
  ),
  BREAKWATER: update('BREAKWATER, FDA 2024/2026', 'encorafenib + cetuximab (+ FOLFOX) for BRAF V600E'),
  PARADIGM: update(
    'PARADIGM (JAMA 2023)',
    'left-sided (rectum), RAS/BRAF wild-type: anti-EGFR preferred over bevacizumab',
  ),
  DPD_TESTING: SHARED_CITATIONS.DPD_TESTING,
  STENT_BEVACIZUMAB: update(
    'ESGE colonic stenting guideline 2020',
    'stenting not advised with (planned) bevacizumab: perforation risk',
  ),
  BEVACIZUMAB_LABEL: update(
    'bevacizumab label',
    'do not start/restart for at least 28 days after major surgery and until the wound is fully healed',
  ),
  BEVACIZUMAB_NOT_WITH_ANTI_EGFR: update(
    'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    'never combine bevacizumab with an anti-EGFR antibody',
  ),
  CAPECITABINE_RENAL: SHARED_CITATIONS.CAPECITABINE_RENAL,
} as const satisfies Record<string, Citation>;
