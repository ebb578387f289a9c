import { getSchemaPath, type ApiPropertyOptions, type SchemaObject } from '@nestjs/swagger';
import {
  BOARD_MILESTONE_KEY_PATTERN,
  BOARD_PLAN_ANCHORS,
  BOARD_REGIMEN_CODES,
  COLON_BRANCH_CODES,
  COLON_FINDING_CODES,
  COLON_GRADES,
  COLON_HIGH_RISK_FEATURES,
  COLON_MILESTONE_CODES,
  COLON_REGIMEN_CODES,
  COLON_STAGE_GROUPS,
  COLON_STAGE_I_III_PATHWAY_ID,
  ECOG_SCORES,
  FINDING_CODES,
  ICD10_NEOPLASM_PATTERN,
  ICD10_PATTERN,
  ICDO3_MORPHOLOGY_PATTERN,
  ICDO3_TOPOGRAPHY_PATTERN,
  KNOWN_BIOMARKERS,
  LATERALITIES,
  MAX_BOARD_OFFSET_DAYS,
  MAX_DISTANCE_FROM_ANAL_VERGE_CM,
  METASTASIS_RESECTABILITY,
  METASTATIC_SITES,
  PAIRED_ORGAN_SITES,
  PLAN_INTENTS,
  RECTAL_STAGE_IV_PATHWAY_ID,
  STAGE_GROUPS,
  STAGING_EDITIONS,
  SYMPTOM_CODES,
  TNM_M_CATEGORIES,
  TNM_N_CATEGORIES,
  TNM_T_CATEGORIES,
  TREATMENT_MODALITIES,
  type ColonAnchorName,
  type ColonFacts,
  type ColonRegimenVerdict,
} from '@consilium/pathway';
import { membersOf } from './members-of';
import { finding, flag, list, milestoneRule, nullable, object, oneOf, ref, text } from './schema-helpers';

/**
 * The OpenAPI schemas of issue 13's case JSON: the disease-agnostic case core (as returned and as
 * submitted), each pathway's extra facts as a union discriminated by `pathwayId`, the colon
 * draft plan and the board-authored plan. Built from the library's code lists and patterns;
 * the library's validators stay the authority (a value these schemas accept may still be refused
 * for a cross-field rule, named in the 400). `PathwayCitation` comes from PATHWAY_SCHEMAS.
 */

const COLON_ANCHORS = membersOf<ColonAnchorName>({ surgery: true });
const COLON_VERDICTS = membersOf<ColonRegimenVerdict>({
  preferred: true,
  allowed: true,
  'not-advised': true,
  forbidden: true,
});
const STAGING_BASES = membersOf<ColonFacts['stagingBasis']>({ pathological: true, clinical: true });

/** A non-blank string (the validators' required text). */
const requiredText: SchemaObject = { type: 'string', pattern: '\\S' };
const date: SchemaObject = { type: 'string', format: 'date', description: 'A calendar date, YYYY-MM-DD' };
const coded = (pattern: RegExp, description: string): SchemaObject => ({
  type: 'string',
  pattern: pattern.source,
  description,
});
/** A nullable reference, in the form Nest writes for `@ApiProperty({ type: X, nullable: true })`. */
const nullableRef = (name: string, description?: string): SchemaObject => ({
  type: 'object',
  nullable: true,
  allOf: [ref(name)],
  ...(description === undefined ? {} : { description }),
});
/** The same object with every property optional except `required` (what a validator fills in when omitted). */
const omittable = (
  properties: Record<string, SchemaObject>,
  required: readonly string[],
  extra: SchemaObject = {},
): SchemaObject =>
  object(
    properties,
    Object.keys(properties).filter((name) => !required.includes(name)),
    extra,
  );
const withoutKeys = (properties: Record<string, SchemaObject>, ...names: string[]): Record<string, SchemaObject> =>
  Object.fromEntries(Object.entries(properties).filter(([name]) => !names.includes(name)));

const primaryProperties: Record<string, SchemaObject> = {
  siteCode: coded(
    ICD10_NEOPLASM_PATTERN,
    "ICD-10 neoplasm code of the site: 'C20' rectum, 'C18.7' sigmoid colon, 'C34.1' lung",
  ),
  topographyCode: nullable(coded(ICDO3_TOPOGRAPHY_PATTERN, "ICD-O-3 topography, e.g. 'C20.9'")),
  morphologyCode: nullable(
    coded(ICDO3_MORPHOLOGY_PATTERN, "ICD-O-3 morphology with behaviour, e.g. '8140/3'; null until histology is known"),
  ),
  histologyText: nullable({ ...text, description: "The pathologist's wording" }),
  laterality: nullable(
    oneOf(LATERALITIES, {
      description: `Only for paired organs (ICD-10 ${PAIRED_ORGAN_SITES.join(', ')}); null when not stated`,
    }),
  ),
  diagnosisDate: nullable(date),
};

const tnmProperties: Record<string, SchemaObject> = {
  t: oneOf(TNM_T_CATEGORIES),
  n: oneOf(TNM_N_CATEGORIES),
  m: oneOf(TNM_M_CATEGORIES),
  afterTherapy: { ...flag, description: 'The y prefix: classified during or after neoadjuvant therapy' },
};

const stagingProperties = (tnm: string): Record<string, SchemaObject> => ({
  edition: nullable(oneOf(STAGING_EDITIONS, { description: 'Required with a TNM classification' })),
  clinical: nullableRef(tnm, 'cTNM (or ycTNM)'),
  pathological: nullableRef(tnm, 'pTNM (or ypTNM)'),
  stageGroup: nullable(oneOf(STAGE_GROUPS)),
});

const metastasisProperties: Record<string, SchemaObject> = {
  site: oneOf(METASTATIC_SITES),
  count: { type: 'integer', minimum: 1, description: 'Lesions at this site' },
  resectability: nullable(oneOf(METASTASIS_RESECTABILITY, { description: "The board's call; null: not called yet" })),
};

const comorbidityProperties: Record<string, SchemaObject> = {
  code: nullable(coded(ICD10_PATTERN, "ICD-10 code, e.g. 'I10'; null for free text only")),
  text: requiredText,
};

const preferencesProperties: Record<string, SchemaObject> = {
  declinesMajorSurgery: flag,
  declinesRadiotherapy: flag,
  notes: nullable(text),
};

const conditionProperties = (comorbidity: string, preferences: SchemaObject): Record<string, SchemaObject> => ({
  ageYears: nullable({
    type: 'number',
    minimum: 0,
    maximum: 120,
    description: "Whole years at referral, from the patient's birth date (never submitted)",
  }),
  ecog: nullable(oneOf(ECOG_SCORES, { description: 'ECOG performance status' })),
  fitForIntensiveTreatment: nullable({
    ...flag,
    description: "The board's judgement of fitness for intensive treatment",
  }),
  comorbidities: list(ref(comorbidity)),
  creatinineClearanceMlMin: nullable({ type: 'number', minimum: 0, maximum: 300 }),
  preferences,
  symptoms: {
    ...list(oneOf(SYMPTOM_CODES)),
    uniqueItems: true,
    description: "Distinct codes; 'other' is described in symptomNotes",
  },
  symptomNotes: nullable(text),
});

const KNOWN_MARKERS = KNOWN_BIOMARKERS.map(
  (marker) =>
    `${marker.code} (${marker.results === 'percent' ? 'a percentage such as 30%' : marker.results.join(', ')})`,
).join('; ');
const biomarkerProperties: Record<string, SchemaObject> = {
  marker: {
    ...requiredText,
    description: `A known marker written as listed, or any other name (letters, digits, - _ . /). Known markers and their results: ${KNOWN_MARKERS}`,
  },
  result: {
    ...requiredText,
    description: 'For a known marker, one of its results (or a percentage); free text otherwise',
  },
  variant: nullable({ ...text, description: "e.g. 'G12C' (KRAS), 'V600E' (BRAF), 'exon 19 deletion' (EGFR)" }),
  method: nullable({ ...text, description: "e.g. 'IHC', 'NGS'" }),
  date: nullable(date),
};

const coreProperties = (suffix: '' | 'Input'): Record<string, SchemaObject> => ({
  primary: ref(`PrimaryCancer${suffix}`),
  staging: ref(`Staging${suffix}`),
  metastases: {
    ...list(ref(`CoreMetastasis${suffix}`)),
    description: 'Non-empty when any M category is M1; empty when M0',
  },
  condition: ref(`PatientCondition${suffix}`),
  biomarkers: {
    ...list(ref(`BiomarkerResult${suffix}`)),
    description: 'Absent from the list = not tested; the latest dated result counts',
  },
});

const rectalProperties: Record<string, SchemaObject> = {
  pathwayId: oneOf([RECTAL_STAGE_IV_PATHWAY_ID]),
  distanceFromAnalVergeCm: nullable({
    type: 'number',
    minimum: 0,
    maximum: MAX_DISTANCE_FROM_ANAL_VERGE_CM,
    description: 'Lower edge of the tumour above the anal verge (MRI); null: not measured',
  }),
  mesorectalFasciaThreatened: nullable({ ...flag, description: 'On MRI; null: not reported' }),
};

const colonProperties: Record<string, SchemaObject> = {
  pathwayId: oneOf([COLON_STAGE_I_III_PATHWAY_ID]),
  surgeryDate: nullable({
    ...date,
    description: 'Date of the resection (milestones count from it); null while planned',
  }),
  lymphNodesExamined: nullable({ type: 'integer', minimum: 0 }),
  grade: nullable(oneOf(COLON_GRADES, { description: 'WHO grade' })),
  lymphovascularInvasion: nullable(flag),
  perineuralInvasion: nullable(flag),
  obstructionAtPresentation: nullable(flag),
  perforation: nullable(flag),
  preoperativeCeaNgMl: nullable({ type: 'number', minimum: 0, description: 'With ceaUpperLimitNgMl: both or neither' }),
  ceaUpperLimitNgMl: nullable({
    type: 'number',
    minimum: 0,
    description: "The lab's upper limit of normal (ng/mL), above 0",
  }),
  colonFullyVisualisedPreoperatively: nullable(flag),
  peripheralNeuropathy: nullable({ ...flag, description: 'Pre-existing (a contraindication to oxaliplatin)' }),
};

/**
 * `pathwayFacts`: the pathway's extra facts, a union discriminated by `pathwayId`, or null for no
 * pathway (the board authors the plan). A `{ pathwayId: null }` member cannot be named in the
 * discriminator's mapping (its keys are strings), and openapi-typescript then types that member's
 * id as the schema's name ("NoPathwayFacts"), so the union holds the pathways only and is itself
 * nullable: a DTO property is a plain `$ref` (caseCoreProperty), typed `Rectal | Colon | null`.
 * (Wrapping it as `allOf: [$ref]` would make openapi-typescript drop `pathwayId`.)
 */
const pathwayUnion = (suffix: '' | 'Input', description: string): SchemaObject => ({
  type: 'object',
  nullable: true,
  oneOf: [ref(`RectalStageIvFacts${suffix}`), ref(`ColonStageIIIIFacts${suffix}`)],
  discriminator: {
    propertyName: 'pathwayId',
    mapping: {
      [RECTAL_STAGE_IV_PATHWAY_ID]: getSchemaPath(`RectalStageIvFacts${suffix}`),
      [COLON_STAGE_I_III_PATHWAY_ID]: getSchemaPath(`ColonStageIIIIFacts${suffix}`),
    },
  },
  description,
});

const colonBranchChoice = object({
  code: oneOf(COLON_BRANCH_CODES),
  title: text,
  rationale: text,
  citation: ref('PathwayCitation'),
});
const colonRegimenDecision = object({
  regimen: oneOf(COLON_REGIMEN_CODES),
  decision: oneOf(COLON_VERDICTS, {
    description: 'not-advised: the board may still choose it (a warning); forbidden blocks',
  }),
  reason: text,
  citation: ref('PathwayCitation'),
  conditions: { ...list(text), description: 'What must be known or done first' },
});

const boardMilestoneKey: SchemaObject = {
  type: 'string',
  pattern: BOARD_MILESTONE_KEY_PATTERN.source,
  description: "Unique in the plan, e.g. 'ct-3-months' (keeps its reminder across edits)",
};
const boardPlanProperties = (suffix: '' | 'Input'): Record<string, SchemaObject> => ({
  intent: oneOf(PLAN_INTENTS),
  modalities: { ...list(oneOf(TREATMENT_MODALITIES)), minItems: 1, uniqueItems: true },
  regimens: list(ref(`BoardRegimen${suffix}`)),
  steps: {
    ...list(object({ modality: oneOf(TREATMENT_MODALITIES), description: requiredText })),
    description: 'In order',
  },
  milestones: list({ oneOf: [ref('BoardMilestoneOnDate'), ref('BoardMilestoneFromAnchor')] }),
  notes: nullable(text),
});
const boardRegimenProperties: Record<string, SchemaObject> = {
  code: nullable(oneOf(BOARD_REGIMEN_CODES)),
  text: nullable(text),
};

export const CASE_CORE_SCHEMAS = {
  /** As stored and returned: every field present, `null` = not known yet. */
  CaseCore: object(coreProperties(''), [], { description: 'The disease-agnostic case core (HL7 mCODE STU3 aligned)' }),
  /** As submitted: what validateCaseCore fills in may be omitted; ageYears comes from the patient. */
  CaseCoreInput: omittable(coreProperties('Input'), ['primary'], {
    description:
      'The disease-agnostic case core as submitted: omitted parts are not known (null), none ([]) or false. Every problem is named in the 400 (core.<path>).',
  }),
  PrimaryCancer: object(primaryProperties),
  PrimaryCancerInput: omittable(primaryProperties, ['siteCode']),
  Staging: object(stagingProperties('TnmCategories')),
  StagingInput: omittable(stagingProperties('TnmCategoriesInput'), []),
  TnmCategories: object(tnmProperties, [], {
    description: 'One TNM classification (UICC/AJCC 8th ed.), categories without prefix',
  }),
  TnmCategoriesInput: omittable(tnmProperties, ['t', 'n', 'm'], { description: 'afterTherapy omitted: false' }),
  CoreMetastasis: object(metastasisProperties, [], {
    description: 'A distant metastasis site (mCODE SecondaryCancerCondition)',
  }),
  CoreMetastasisInput: omittable(metastasisProperties, ['site', 'count']),
  PatientCondition: object(conditionProperties('Comorbidity', object(preferencesProperties))),
  PatientConditionInput: omittable(
    withoutKeys(conditionProperties('ComorbidityInput', omittable(preferencesProperties, [])), 'ageYears'),
    [],
  ),
  Comorbidity: object(comorbidityProperties),
  ComorbidityInput: omittable(comorbidityProperties, ['text']),
  BiomarkerResult: object(biomarkerProperties, [], {
    description: 'One biomarker result (mCODE TumorMarkerTest / GenomicVariant)',
  }),
  BiomarkerResultInput: omittable(biomarkerProperties, ['marker', 'result']),

  RectalStageIvFacts: object(rectalProperties, [], {
    description: 'The rectal stage IV pathway facts beyond the core',
  }),
  RectalStageIvFactsInput: omittable(rectalProperties, ['pathwayId'], { description: 'Omitted facts: null' }),
  ColonStageIIIIFacts: object(colonProperties, [], {
    description: 'The colon stage I-III pathway facts beyond the core',
  }),
  ColonStageIIIIFactsInput: omittable(colonProperties, ['pathwayId'], { description: 'Omitted facts: null' }),
  PathwayFacts: pathwayUnion(
    '',
    "The case's pathway and its extra facts, by pathwayId; null: no pathway (a board-authored plan)",
  ),
  PathwayFactsInput: pathwayUnion(
    'Input',
    'The chosen pathway and its extra facts, by pathwayId; null or absent: no pathway (the board authors the plan)',
  ),

  ColonDraftPlan: object(
    {
      pathwayId: oneOf([COLON_STAGE_I_III_PATHWAY_ID]),
      pathwayVersion: text,
      status: oneOf(['draft'], { description: 'Always a draft: the board decides' }),
      stageGroup: oneOf(COLON_STAGE_GROUPS),
      stagingBasis: oneOf(STAGING_BASES, {
        description: 'clinical: resection planned, the draft is provisional until pTNM',
      }),
      highRiskFeatures: { ...list(oneOf(COLON_HIGH_RISK_FEATURES)), description: 'Stage II only (empty otherwise)' },
      primaryBranch: ref('ColonBranchChoice'),
      alternatives: list(ref('ColonBranchChoice')),
      regimens: object(Object.fromEntries(COLON_VERDICTS.map((verdict) => [verdict, list(colonRegimenDecision)]))),
      milestones: { ...list(ref('ColonMilestoneRule')), description: 'Undated rules, counted from the resection' },
      surgeryDate: nullable(date),
      findings: { ...list(ref('ColonFinding')), description: 'Findings already visible from the facts' },
      assumptions: list(object({ field: text, assumption: text })),
    },
    [],
    { description: 'The plan the colon stage I-III pathway drafts from the facts, with every citation' },
  ),
  AnyDraftPlan: {
    type: 'object',
    nullable: true,
    oneOf: [ref('DraftPlan'), ref('ColonDraftPlan')],
    discriminator: {
      propertyName: 'pathwayId',
      mapping: {
        [RECTAL_STAGE_IV_PATHWAY_ID]: getSchemaPath('DraftPlan'),
        [COLON_STAGE_I_III_PATHWAY_ID]: getSchemaPath('ColonDraftPlan'),
      },
    },
    description: "The pathway's draft plan, by pathwayId; null for a board-authored plan (no pathway)",
  } as SchemaObject,
  ColonBranchChoice: colonBranchChoice,
  ColonMilestoneRule: milestoneRule(COLON_MILESTONE_CODES, COLON_ANCHORS),
  ColonFinding: finding(COLON_FINDING_CODES),
  AnyPathwayFinding: finding([...new Set<string>([...FINDING_CODES, ...COLON_FINDING_CODES])], {
    description: 'A finding of any pathway (rectal stage IV or colon stage I-III codes)',
  }),

  BoardPlan: object(boardPlanProperties(''), [], {
    description: 'The board-authored plan (any case; the only plan without a pathway)',
  }),
  BoardPlanInput: omittable(boardPlanProperties('Input'), ['intent', 'modalities'], {
    description: 'Omitted lists: none; notes omitted: null. Every problem is named in the 400.',
  }),
  BoardRegimen: object(boardRegimenProperties, [], { description: 'A listed regimen code, free text, or both' }),
  BoardRegimenInput: omittable(boardRegimenProperties, [], {
    minProperties: 1,
    description: 'A listed regimen code, free text, or both',
  }),
  BoardMilestoneOnDate: object({ key: boardMilestoneKey, label: requiredText, dueDate: date }),
  BoardMilestoneFromAnchor: object({
    key: boardMilestoneKey,
    label: requiredText,
    anchor: oneOf(BOARD_PLAN_ANCHORS),
    offsetDays: {
      type: 'integer',
      minimum: -MAX_BOARD_OFFSET_DAYS,
      maximum: MAX_BOARD_OFFSET_DAYS,
      description: 'Calendar days from the anchor',
    },
  }),
} satisfies Record<string, SchemaObject>;

/** A DTO property holding one of these shapes: `@ApiProperty(caseCoreProperty('CaseCore'))`. */
export const caseCoreProperty = (name: keyof typeof CASE_CORE_SCHEMAS): ApiPropertyOptions =>
  ({ $ref: getSchemaPath(name) }) as ApiPropertyOptions;
