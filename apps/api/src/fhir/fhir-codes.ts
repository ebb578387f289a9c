/**
 * The code systems and codes Consilium reads and writes in FHIR R4, as HL7 mCODE STU3 uses them
 * (http://hl7.org/fhir/us/mcode), the HL7 Genomics Reporting IG (gene studied, variant), and the
 * MII oncology module for the tumour board CarePlan. Concepts mCODE leaves to local codes (the
 * staging edition, the board's vote, biomarker results) use Consilium's own code systems.
 */
import type { BiomarkerResult, Laterality, MetastaticSite } from '@consilium/pathway';

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icd10Cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10Gm: 'http://fhir.de/CodeSystem/bfarm/icd-10-gm',
  icdO3: 'http://terminology.hl7.org/CodeSystem/icd-o-3',
  ajcc: 'http://cancerstaging.org',
  hgnc: 'http://www.genenames.org/geneId',
  ucum: 'http://unitsofmeasure.org',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  /** Consilium's identifiers and local code systems. */
  mrn: 'urn:consilium:mrn',
  caseReference: 'urn:consilium:case-reference',
  stagingEdition: 'urn:consilium:fhir:staging-edition',
  biomarker: 'urn:consilium:fhir:biomarker',
  biomarkerResult: 'urn:consilium:fhir:biomarker-result',
  boardVote: 'urn:consilium:fhir:board-vote',
  boardVoteChoice: 'urn:consilium:fhir:board-vote-choice',
  deviationReason: 'urn:consilium:fhir:deviation-reason',
  planModality: 'urn:consilium:fhir:plan-modality',
  regimen: 'urn:consilium:fhir:regimen',
  metastasisResectability: 'urn:consilium:fhir:metastasis-resectability',
  /** MII oncology module (oBDS): tumour board plan type (Therapieplanung-Typ). */
  miiPlanType:
    'https://www.medizininformatik-initiative.de/fhir/ext/modul-onko/CodeSystem/mii-cs-onko-therapieplanung-typ',
} as const;

export const ICD10_SYSTEMS: readonly string[] = [SYSTEM.icd10, SYSTEM.icd10Cm, SYSTEM.icd10Gm];

export const MCODE = 'http://hl7.org/fhir/us/mcode/StructureDefinition';
export const PROFILE = {
  patient: `${MCODE}/mcode-cancer-patient`,
  primaryCancer: `${MCODE}/mcode-primary-cancer-condition`,
  secondaryCancer: `${MCODE}/mcode-secondary-cancer-condition`,
  comorbidity: `${MCODE}/mcode-comorbidities`,
  stageGroup: `${MCODE}/mcode-tnm-stage-group`,
  tumor: `${MCODE}/mcode-tnm-primary-tumor-category`,
  nodes: `${MCODE}/mcode-tnm-regional-nodes-category`,
  metastases: `${MCODE}/mcode-tnm-distant-metastases-category`,
  ecog: `${MCODE}/mcode-ecog-performance-status`,
  tumorMarker: `${MCODE}/mcode-tumor-marker-test`,
  genomicVariant: `${MCODE}/mcode-genomic-variant`,
  /** MII oncology module: the tumour board (Tumorkonferenz) CarePlan. */
  tumorBoardCarePlan:
    'https://www.medizininformatik-initiative.de/fhir/ext/modul-onko/StructureDefinition/mii-pr-onko-tumorkonferenz',
} as const;

export const EXTENSION = {
  histology: `${MCODE}/mcode-histology-morphology-behavior`,
  laterality: `${MCODE}/mcode-laterality`,
} as const;

/** LOINC codes of the TNM observations (mCODE TNM*Category / TNMStageGroup), by classification. */
export const TNM_LOINC = {
  clinical: { stageGroup: '21908-9', t: '21905-5', n: '21906-3', m: '21907-1' },
  pathological: { stageGroup: '21902-2', t: '21899-0', n: '21900-6', m: '21901-4' },
} as const;
export type TnmPart = 'stageGroup' | 't' | 'n' | 'm';

/** ECOG performance status (mCODE ECOGPerformanceStatus) and its LOINC answers, by score. */
export const ECOG_LOINC = '89247-1';
export const ECOG_ANSWERS = ['LA9622-7', 'LA9623-5', 'LA9624-3', 'LA9625-0', 'LA9626-8'] as const;

/** Genomics: the variant assessment, the gene studied and the amino-acid change (HL7 Genomics Reporting, mCODE GenomicVariant). */
export const GENOMIC = {
  variantAssessment: '69548-6',
  geneStudied: '48018-6',
  aminoAcidChange: '48005-3',
  present: 'LA9633-4',
  absent: 'LA9634-2',
} as const;

/** How a known marker is coded: a gene (HGNC id, mCODE GenomicVariant) or a LOINC tumour marker test. */
export type MarkerCoding =
  | { marker: string; gene: string; hgnc: string }
  | { marker: string; loinc: string; display: string }
  | { marker: string; local: string };

/** Known markers by how they are coded; markers outside this table travel by name (Observation.code.text). */
export const MARKER_CODINGS: readonly MarkerCoding[] = [
  { marker: 'KRAS', gene: 'KRAS', hgnc: 'HGNC:6407' },
  { marker: 'NRAS', gene: 'NRAS', hgnc: 'HGNC:7989' },
  { marker: 'BRAF', gene: 'BRAF', hgnc: 'HGNC:1097' },
  { marker: 'EGFR', gene: 'EGFR', hgnc: 'HGNC:3236' },
  { marker: 'ALK', gene: 'ALK', hgnc: 'HGNC:427' },
  { marker: 'ROS1', gene: 'ROS1', hgnc: 'HGNC:10261' },
  { marker: 'PIK3CA', gene: 'PIK3CA', hgnc: 'HGNC:8975' },
  { marker: 'BRCA1', gene: 'BRCA1', hgnc: 'HGNC:1100' },
  { marker: 'BRCA2', gene: 'BRCA2', hgnc: 'HGNC:1101' },
  { marker: 'DPD', gene: 'DPYD', hgnc: 'HGNC:3012' },
  {
    marker: 'MSI',
    loinc: '81695-9',
    display: 'Microsatellite instability [Interpretation] in Cancer specimen Qualitative',
  },
  { marker: 'HER2', loinc: '48676-1', display: 'HER2 [Interpretation] in Tissue' },
  {
    marker: 'ER',
    loinc: '85337-4',
    display: 'Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain',
  },
  { marker: 'PR', loinc: '40557-1', display: 'Progesterone receptor Ag [Presence] in Tissue by Immune stain' },
  { marker: 'PDL1_TPS', loinc: '85147-7', display: 'PD-L1 by clone 22C3 [Presence] in Tissue by Immune stain' },
  { marker: 'CEA', loinc: '2039-6', display: 'Carcinoembryonic Ag [Mass/volume] in Serum or Plasma' },
  // No LOINC term carries these as the core states them (MMR status from the IHC panel, Ki-67 index, PD-L1 CPS class).
  { marker: 'MMR', local: 'MMR' },
  { marker: 'KI67', local: 'KI67' },
  { marker: 'PDL1_CPS', local: 'PDL1_CPS' },
];

export const codingOfMarker = (marker: string): MarkerCoding | undefined =>
  MARKER_CODINGS.find((entry) => entry.marker === marker);

/** mCODE laterality (SNOMED qualifier values). */
export const LATERALITY_SNOMED: Record<Laterality, { code: string; display: string }> = {
  left: { code: '7771000', display: 'Left (qualifier value)' },
  right: { code: '24028007', display: 'Right (qualifier value)' },
  bilateral: { code: '51440002', display: 'Right and left (qualifier value)' },
};

/** Body sites of distant metastases (mCODE SecondaryCancerCondition bodySite, SNOMED body structures). */
export const METASTATIC_SITE_SNOMED: Record<MetastaticSite, { code: string; display: string }> = {
  liver: { code: '10200004', display: 'Liver structure' },
  lung: { code: '39607008', display: 'Lung structure' },
  peritoneum: { code: '15425007', display: 'Peritoneum structure' },
  'distant-nodes': { code: '59441001', display: 'Structure of lymph node' },
  bone: { code: '272673000', display: 'Bone structure' },
  brain: { code: '12738006', display: 'Brain structure' },
  adrenal: { code: '23451007', display: 'Adrenal gland structure' },
  pleura: { code: '3120008', display: 'Pleural membrane structure' },
  skin: { code: '39937001', display: 'Skin structure' },
  other: { code: '123037004', display: 'Body structure' },
};

/** SNOMED 'Secondary malignant neoplastic disease': the code of a SecondaryCancerCondition (the site is its bodySite). */
export const SECONDARY_MALIGNANCY_SNOMED = '128462008';

export const SEX_OF_GENDER = { female: 'FEMALE', male: 'MALE', other: 'OTHER', unknown: 'UNKNOWN' } as const;
export const GENDER_OF_SEX = { FEMALE: 'female', MALE: 'male', OTHER: 'other', UNKNOWN: 'unknown' } as const;

/** True when a biomarker result is a percentage ('30%'). */
export const isPercent = (result: BiomarkerResult['result']): boolean => /^\d{1,3}(\.\d)?%$/.test(result);
