/** The code tables of the colon stage I-III pathway (PATHWAY-COLON.md), as exported const arrays. */

export const COLON_STAGE_I_III_PATHWAY_ID = 'colon-stage-i-iii';
export const COLON_STAGE_I_III_PATHWAY_VERSION = '2026.11.0';

export const COLON_BRANCH_CODES = [
  'surveillance',
  'adjuvant-stage-ii-high-risk',
  'adjuvant-stage-iii-low-risk',
  'adjuvant-stage-iii-high-risk',
  'adjuvant-fluoropyrimidine-only',
  'no-adjuvant-poor-condition',
] as const;
export type ColonBranchCode = (typeof COLON_BRANCH_CODES)[number];

/** The branches that propose adjuvant chemotherapy. */
export const COLON_ADJUVANT_BRANCHES: readonly ColonBranchCode[] = [
  'adjuvant-stage-ii-high-risk',
  'adjuvant-stage-iii-low-risk',
  'adjuvant-stage-iii-high-risk',
  'adjuvant-fluoropyrimidine-only',
];

/** Adjuvant regimens (PATHWAY-COLON.md), FOLFOX for 3 months (recorded to warn about it), and what is never adjuvant. */
export const COLON_ADJUVANT_REGIMEN_CODES = [
  'CAPOX_3M',
  'CAPOX_6M',
  'FOLFOX_6M',
  'FLUOROPYRIMIDINE_6M',
  'FOLFOX_3M',
] as const;
export const COLON_NEVER_ADJUVANT_CODES = ['FOLFIRI', 'BEVACIZUMAB', 'CETUXIMAB', 'PANITUMUMAB'] as const;
export const COLON_REGIMEN_CODES = [...COLON_ADJUVANT_REGIMEN_CODES, ...COLON_NEVER_ADJUVANT_CODES] as const;
export type ColonRegimenCode = (typeof COLON_REGIMEN_CODES)[number];

/** Oxaliplatin-based adjuvant regimens. */
export const COLON_OXALIPLATIN_CODES: readonly ColonRegimenCode[] = ['CAPOX_3M', 'CAPOX_6M', 'FOLFOX_6M', 'FOLFOX_3M'];
/** Regimens with a fluoropyrimidine (5-FU or capecitabine). */
export const COLON_FLUOROPYRIMIDINE_CODES: readonly ColonRegimenCode[] = [
  'CAPOX_3M',
  'CAPOX_6M',
  'FOLFOX_6M',
  'FOLFOX_3M',
  'FLUOROPYRIMIDINE_6M',
  'FOLFIRI',
];
export const COLON_BIOLOGIC_CODES: readonly ColonRegimenCode[] = ['BEVACIZUMAB', 'CETUXIMAB', 'PANITUMUMAB'];

export const COLON_MILESTONE_CODES = [
  'ADJUVANT_START_TARGET',
  'CEA_FOLLOW_UP',
  'CT_FOLLOW_UP',
  'COLONOSCOPY_1_YEAR',
] as const;
export type ColonMilestoneCode = (typeof COLON_MILESTONE_CODES)[number];
/** The one anchor: the date of the resection (T_S). */
export type ColonAnchorName = 'surgery';

export const COLON_FINDING_CODES = [
  'ADJUVANT_START_LATE',
  'ADJUVANT_BIOLOGIC',
  'ADJUVANT_IRINOTECAN',
  'FLUOROPYRIMIDINE_WITHOUT_DPD',
  'FP_ALONE_DMMR_STAGE_II',
  'OXALIPLATIN_AGE_70_PLUS',
  'OXALIPLATIN_WITH_NEUROPATHY',
  'ADJUVANT_STAGE_I',
  'SHORT_CAPOX_HIGH_RISK',
  'FOLFOX_3_MONTHS',
  'FEWER_THAN_12_NODES',
  'CAPECITABINE_LOW_CRCL',
] as const;
export type ColonFindingCode = (typeof COLON_FINDING_CODES)[number];

/** Stage groups this pathway covers (UICC/AJCC 8th, colon and rectum). */
export const COLON_STAGE_GROUPS = ['I', 'IIA', 'IIB', 'IIC', 'IIIA', 'IIIB', 'IIIC'] as const;
export type ColonStageGroup = (typeof COLON_STAGE_GROUPS)[number];

export const COLON_GRADES = ['G1', 'G2', 'G3', 'G4'] as const;
export type ColonGrade = (typeof COLON_GRADES)[number];

export const COLON_HIGH_RISK_FEATURES = [
  'pT4',
  'perforation',
  'fewer-than-12-nodes',
  'obstruction',
  'high-grade',
  'lymphovascular-invasion',
  'perineural-invasion',
  'raised-cea',
] as const;
export type ColonHighRiskFeature = (typeof COLON_HIGH_RISK_FEATURES)[number];

export const COLON_READINESS_CODES = [
  'PATHOLOGICAL_STAGE_MISSING',
  'NODES_EXAMINED_MISSING',
  'MMR_UNKNOWN',
  'DPD_UNKNOWN',
  'SURGERY_DATE_MISSING',
  'CEA_MISSING',
  'COLONOSCOPY_COMPLETENESS_MISSING',
] as const;
export type ColonReadinessCode = (typeof COLON_READINESS_CODES)[number];
