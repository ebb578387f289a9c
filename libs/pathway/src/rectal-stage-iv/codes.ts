/** The closed vocabularies of the rectal stage IV pathway (PATHWAY.md). */

export const RECTAL_STAGE_IV_PATHWAY_ID = 'rectal-stage-iv';
export const RECTAL_STAGE_IV_PATHWAY_VERSION = '2026.11.0';

export const BRANCH_CODES = [
  'resectable-oligometastatic',
  'conversion-chemo-first',
  'conversion-rt-first',
  'immunotherapy-first',
  'palliative-systemic',
  'palliative-local-control',
  'reduced-intensity',
  'best-supportive-care',
] as const;
export type BranchCode = (typeof BRANCH_CODES)[number];

export const CHEMOTHERAPY_CODES = ['FOLFOX', 'CAPOX', 'FOLFIRI', 'FOLFOXIRI', 'FLUOROPYRIMIDINE'] as const;
export const BIOLOGIC_CODES = [
  'BEVACIZUMAB',
  'CETUXIMAB',
  'PANITUMUMAB',
  'ENCORAFENIB_CETUXIMAB',
  'TUCATINIB_TRASTUZUMAB',
  'SOTORASIB_PANITUMUMAB',
] as const;
export const IMMUNOTHERAPY_CODES = ['PEMBROLIZUMAB', 'NIVOLUMAB_IPILIMUMAB'] as const;
export const RADIOTHERAPY_CODES = ['SCRT_5X5', 'LCCRT_50GY', 'PALLIATIVE_RT'] as const;

export type ChemotherapyCode = (typeof CHEMOTHERAPY_CODES)[number];
export type BiologicCode = (typeof BIOLOGIC_CODES)[number];
export type ImmunotherapyCode = (typeof IMMUNOTHERAPY_CODES)[number];
export type RadiotherapyCode = (typeof RADIOTHERAPY_CODES)[number];
/** Systemic regimens (what a `systemic-therapy` event may list). */
export type SystemicRegimenCode = ChemotherapyCode | BiologicCode | ImmunotherapyCode;
export type RegimenCode = SystemicRegimenCode | RadiotherapyCode;

export const SYSTEMIC_REGIMEN_CODES: readonly SystemicRegimenCode[] = [
  ...CHEMOTHERAPY_CODES,
  ...BIOLOGIC_CODES,
  ...IMMUNOTHERAPY_CODES,
];
export const REGIMEN_CODES: readonly RegimenCode[] = [...SYSTEMIC_REGIMEN_CODES, ...RADIOTHERAPY_CODES];

/** Regimens containing an anti-EGFR antibody (cetuximab or panitumumab). */
export const ANTI_EGFR_CODES: readonly RegimenCode[] = [
  'CETUXIMAB',
  'PANITUMUMAB',
  'ENCORAFENIB_CETUXIMAB',
  'SOTORASIB_PANITUMUMAB',
];
/** Regimens containing a fluoropyrimidine (5-FU or capecitabine); LCCRT is given with one. */
export const FLUOROPYRIMIDINE_CODES: readonly RegimenCode[] = [
  'FOLFOX',
  'CAPOX',
  'FOLFIRI',
  'FOLFOXIRI',
  'FLUOROPYRIMIDINE',
  'LCCRT_50GY',
];
/** Combination (doublet or triplet) chemotherapy backbones. */
export const COMBINATION_CHEMOTHERAPY_CODES: readonly RegimenCode[] = ['FOLFOX', 'CAPOX', 'FOLFIRI', 'FOLFOXIRI'];

export const MILESTONE_CODES = [
  'BIOMARKER_RESULTS_DUE',
  'CHEMO_START_WINDOW',
  'RESPONSE_EVALUATION',
  'REEVALUATION_2_MONTHS',
  'REEVALUATION_4_MONTHS',
  'SURGERY_TARGET',
  'PRIMARY_SURGERY_DEADLINE',
  'BEVACIZUMAB_LAST_DOSE',
  'BEVACIZUMAB_RESTART_EARLIEST',
  'PERIOPERATIVE_CHEMO_COMPLETE',
  'IMMUNOTHERAPY_FIRST_IMAGING',
] as const;
export type MilestoneCode = (typeof MILESTONE_CODES)[number];

export const FINDING_CODES = [
  'ANTI_EGFR_RAS_NOT_WILD_TYPE',
  'BEVACIZUMAB_TOO_CLOSE_TO_SURGERY',
  'BEVACIZUMAB_RESTART_TOO_EARLY',
  'BEVACIZUMAB_WITH_ANTI_EGFR',
  'FLUOROPYRIMIDINE_WITHOUT_DPD',
  'IMMUNOTHERAPY_IN_PMMR',
  'LONG_COURSE_CRT_UPFRONT',
  'CHEMO_START_OUTSIDE_WINDOW',
  'RESPONSE_EVALUATION_MISSING',
  'REEVALUATIONS_MISSING',
  'PRIMARY_SURGERY_LATE',
  'SYSTEMIC_THERAPY_DELAYED',
  'MMR_STATUS_UNKNOWN',
  'DMMR_WITHOUT_IMMUNOTHERAPY',
  'BRAF_V600E_TARGETED_NOT_USED',
  'STENT_LOW_TUMOUR',
  'STENT_WITH_BEVACIZUMAB',
  'INTENSIVE_THERAPY_POOR_PS',
  'SYSTEMIC_THERAPY_ECOG_3_PLUS',
  'CAPECITABINE_LOW_CRCL',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** Anchor dates the milestones are counted from (the single-date keys of AnchorDates). */
export type AnchorName =
  'lastRadiotherapyFraction' | 'firstChemotherapy' | 'firstImmunotherapy' | 'plannedSurgery' | 'woundHealed';
