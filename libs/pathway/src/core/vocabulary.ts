/**
 * The disease-agnostic clinical vocabulary of the case core, as exported const arrays (the web
 * app's pick lists and the OpenAPI enums are built from them). Aligned with HL7 mCODE STU3:
 * PrimaryCancerCondition (site, morphology, laterality), TNM category observations,
 * SecondaryCancerCondition (metastases), ECOGPerformanceStatus, ComorbidCondition,
 * TumorMarkerTest / GenomicVariant (biomarkers).
 */

/** TNM categories of the UICC/AJCC 8th edition, without the c/p/y prefix (all sites together). */
export const TNM_T_CATEGORIES = [
  'TX',
  'T0',
  'Tis',
  'T1mi',
  'T1',
  'T1a',
  'T1b',
  'T1c',
  'T2',
  'T2a',
  'T2b',
  'T2c',
  'T3',
  'T3a',
  'T3b',
  'T3c',
  'T4',
  'T4a',
  'T4b',
  'T4c',
  'T4d',
] as const;
export const TNM_N_CATEGORIES = [
  'NX',
  'N0',
  'N1mi',
  'N1',
  'N1a',
  'N1b',
  'N1c',
  'N2',
  'N2a',
  'N2b',
  'N2c',
  'N3',
  'N3a',
  'N3b',
  'N3c',
] as const;
export const TNM_M_CATEGORIES = ['M0', 'M1', 'M1a', 'M1b', 'M1c', 'M1d'] as const;
/** Staging systems accepted (mCODE: the staging method). */
export const STAGING_EDITIONS = ['UICC-8', 'AJCC-8'] as const;
/** Anatomic/prognostic stage groups across sites (AJCC 8). */
export const STAGE_GROUPS = [
  '0',
  'I',
  'IA',
  'IA1',
  'IA2',
  'IA3',
  'IB',
  'IC',
  'II',
  'IIA',
  'IIB',
  'IIC',
  'III',
  'IIIA',
  'IIIB',
  'IIIC',
  'IIID',
  'IV',
  'IVA',
  'IVB',
  'IVC',
] as const;

export type TnmTCategory = (typeof TNM_T_CATEGORIES)[number];
export type TnmNCategory = (typeof TNM_N_CATEGORIES)[number];
export type TnmMCategory = (typeof TNM_M_CATEGORIES)[number];
export type StagingEdition = (typeof STAGING_EDITIONS)[number];
export type StageGroup = (typeof STAGE_GROUPS)[number];

/** mCODE laterality (SNOMED qualifier values left / right / bilateral). */
export const LATERALITIES = ['left', 'right', 'bilateral'] as const;
export type Laterality = (typeof LATERALITIES)[number];

/**
 * ICD-10 sites of paired organs, where laterality applies: lung (C34), breast (C50), ovary (C56),
 * testis (C62), kidney (C64), renal pelvis (C65), ureter (C66), eye (C69), adrenal (C74).
 */
export const PAIRED_ORGAN_SITES = ['C34', 'C50', 'C56', 'C62', 'C64', 'C65', 'C66', 'C69', 'C74'] as const;

/** Well-known primary sites (ICD-10), for pick lists; any ICD-10 C code is accepted. */
export const COMMON_PRIMARY_SITES = [
  { code: 'C18.0', label: 'Caecum' },
  { code: 'C18.2', label: 'Ascending colon' },
  { code: 'C18.4', label: 'Transverse colon' },
  { code: 'C18.6', label: 'Descending colon' },
  { code: 'C18.7', label: 'Sigmoid colon' },
  { code: 'C19', label: 'Rectosigmoid junction' },
  { code: 'C20', label: 'Rectum' },
  { code: 'C15.9', label: 'Oesophagus' },
  { code: 'C16.9', label: 'Stomach' },
  { code: 'C25.9', label: 'Pancreas' },
  { code: 'C22.0', label: 'Liver cell carcinoma' },
  { code: 'C34.1', label: 'Upper lobe, bronchus or lung' },
  { code: 'C34.3', label: 'Lower lobe, bronchus or lung' },
  { code: 'C50.4', label: 'Upper-outer quadrant of breast' },
  { code: 'C50.9', label: 'Breast, unspecified' },
  { code: 'C61', label: 'Prostate' },
  { code: 'C67.9', label: 'Bladder' },
  { code: 'C64', label: 'Kidney' },
  { code: 'C56', label: 'Ovary' },
] as const;

/** Well-known ICD-O-3 morphologies, for pick lists; any code of the form 8140/3 is accepted. */
export const COMMON_MORPHOLOGIES = [
  { code: '8140/3', label: 'Adenocarcinoma, NOS' },
  { code: '8480/3', label: 'Mucinous adenocarcinoma' },
  { code: '8490/3', label: 'Signet ring cell carcinoma' },
  { code: '8500/3', label: 'Infiltrating duct carcinoma, NOS' },
  { code: '8520/3', label: 'Lobular carcinoma, NOS' },
  { code: '8070/3', label: 'Squamous cell carcinoma, NOS' },
  { code: '8041/3', label: 'Small cell carcinoma, NOS' },
  { code: '8046/3', label: 'Non-small cell carcinoma' },
  { code: '8246/3', label: 'Neuroendocrine carcinoma, NOS' },
  { code: '8240/3', label: 'Neuroendocrine tumour, grade 1' },
  { code: '8936/3', label: 'Gastrointestinal stromal tumour' },
  { code: '8312/3', label: 'Renal cell carcinoma, NOS' },
  { code: '8120/3', label: 'Transitional cell carcinoma, NOS' },
] as const;

/** Sites of distant metastases (mCODE SecondaryCancerCondition body sites, coarse). */
export const METASTATIC_SITES = [
  'liver',
  'lung',
  'peritoneum',
  'distant-nodes',
  'bone',
  'brain',
  'adrenal',
  'pleura',
  'skin',
  'other',
] as const;
export type MetastaticSite = (typeof METASTATIC_SITES)[number];
export const METASTASIS_RESECTABILITY = ['resectable', 'potentially-resectable', 'unresectable'] as const;
export type MetastasisResectability = (typeof METASTASIS_RESECTABILITY)[number];

/** ECOG performance status (mCODE ECOGPerformanceStatus, LOINC 89247-1). */
export const ECOG_SCORES = [0, 1, 2, 3, 4] as const;
export type EcogScore = (typeof ECOG_SCORES)[number];

/** Symptoms a board weighs; `other` is described in `symptomNotes`. */
export const SYMPTOM_CODES = [
  'bleeding',
  'obstruction',
  'pain',
  'weight-loss',
  'dyspnoea',
  'cough',
  'dysphagia',
  'jaundice',
  'neurological',
  'other',
] as const;
export type SymptomCode = (typeof SYMPTOM_CODES)[number];

/**
 * A biomarker the vocabulary knows: its results are a closed list (or a percentage for
 * quantitative markers). Markers not listed are accepted with any non-empty result text.
 */
export interface BiomarkerDefinition {
  readonly code: string;
  readonly label: string;
  /** Allowed results; `'percent'` = a percentage such as '30%' (Ki-67, PD-L1 TPS, ER/PR %). */
  readonly results: readonly string[] | 'percent';
}

const MUTATION = ['wild-type', 'mutant'] as const;
const EXPRESSION = ['positive', 'negative'] as const;

/** Well-known tumour markers (data, not a closed enum: any other marker name is accepted). */
export const KNOWN_BIOMARKERS: readonly BiomarkerDefinition[] = [
  { code: 'KRAS', label: 'KRAS', results: MUTATION },
  { code: 'NRAS', label: 'NRAS', results: MUTATION },
  { code: 'BRAF', label: 'BRAF', results: MUTATION },
  { code: 'MMR', label: 'Mismatch repair (IHC)', results: ['pMMR', 'dMMR'] },
  { code: 'MSI', label: 'Microsatellite instability', results: ['MSS', 'MSI-L', 'MSI-H'] },
  { code: 'DPD', label: 'DPD (DPYD) status', results: ['normal', 'partial-deficiency', 'complete-deficiency'] },
  { code: 'HER2', label: 'HER2', results: ['positive', 'negative', 'low', 'equivocal'] },
  { code: 'ER', label: 'Oestrogen receptor', results: EXPRESSION },
  { code: 'PR', label: 'Progesterone receptor', results: EXPRESSION },
  { code: 'KI67', label: 'Ki-67 index', results: 'percent' },
  { code: 'EGFR', label: 'EGFR', results: MUTATION },
  { code: 'ALK', label: 'ALK rearrangement', results: EXPRESSION },
  { code: 'ROS1', label: 'ROS1 rearrangement', results: EXPRESSION },
  { code: 'PDL1_TPS', label: 'PD-L1 tumour proportion score', results: 'percent' },
  { code: 'PDL1_CPS', label: 'PD-L1 combined positive score', results: ['<1', '1-9', '>=10'] },
  { code: 'PIK3CA', label: 'PIK3CA', results: MUTATION },
  { code: 'BRCA1', label: 'BRCA1 (germline)', results: ['pathogenic', 'no-pathogenic-variant'] },
  { code: 'BRCA2', label: 'BRCA2 (germline)', results: ['pathogenic', 'no-pathogenic-variant'] },
  { code: 'CEA', label: 'Carcinoembryonic antigen (raised)', results: ['raised', 'normal'] },
];

/** Test methods, for pick lists (method is free text). */
export const BIOMARKER_METHODS = ['IHC', 'PCR', 'NGS', 'FISH', 'ISH', 'genotype', 'phenotype', 'serum'] as const;

/**
 * ICD-O-3 morphologies of colorectal adenocarcinoma and its subtypes (WHO Classification of
 * Tumours, Digestive System Tumours, 5th ed. 2019): NOS, mucinous, signet-ring, medullary,
 * serrated, micropapillary, adenosquamous, cribriform comedo-type, and adenocarcinoma arising in
 * an adenoma (tubular, villous, tubulovillous).
 */
export const COLORECTAL_ADENOCARCINOMA_MORPHOLOGIES = [
  '8140/3',
  '8480/3',
  '8490/3',
  '8510/3',
  '8213/3',
  '8265/3',
  '8560/3',
  '8201/3',
  '8210/3',
  '8261/3',
  '8263/3',
] as const;
