import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { SchemaObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  BOARD_PLAN_FIELDS,
  CASE_CORE_FIELDS,
  COLON_EXTRA_FACT_FIELDS,
  COLON_FINDING_CODES,
  COLON_STAGE_I_III_PATHWAY_ID,
  FINDING_CODES,
  PATHWAYS,
  RECTAL_EXTRA_FACT_FIELDS,
  RECTAL_STAGE_IV_PATHWAY_ID,
  colonFactsFrom,
  coreFromRectalFacts,
  draftColonPlan,
  validateBoardPlan,
  validateCaseCore,
  validateCaseIntake,
  validateColonExtraFacts,
  validateColonPlan,
  validateFacts,
  validatePlan,
  validateRectalExtraFacts,
  type CaseCore,
  type ColonFacts,
  type ColonTreatmentEvent,
  type TreatmentEvent,
  type ValidationResult,
} from '@consilium/pathway';
import { CASE_CORE_SCHEMAS } from './case-core.schemas';
import { PATHWAY_SCHEMAS } from './pathway.schemas';
import { ref } from './schema-helpers';

const ROOT = resolve(__dirname, '../../../../..');
const SCHEMAS: Record<string, SchemaObject> = { ...PATHWAY_SCHEMAS, ...CASE_CORE_SCHEMAS };
type SchemaName = keyof typeof CASE_CORE_SCHEMAS;

/**
 * OpenAPI 3.0's `nullable` admits null beside whatever the rest of the schema says (as
 * test/support/response-contract.ts reads the served document); JSON Schema says `anyOf [schema, null]`.
 */
function forAjv(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(forAjv);
  if (typeof value !== 'object' || value === null) return value;
  const { nullable, ...rest } = Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, forAjv(inner)]),
  ) as Record<string, unknown>;
  return nullable === true ? { anyOf: [rest, { type: 'null' }] } : rest;
}

// An independent validator: ajv (JSON Schema, with the date format), resolving #/components/schemas/X itself.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(forAjv({ components: { schemas: SCHEMAS } }) as object, 'openapi');
const validators = new Map<string, ValidateFunction>();
function validatorOf(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (validate === undefined) {
    validate = ajv.getSchema(`openapi#/components/schemas/${name}`);
    if (validate === undefined) throw new Error(`no schema ${name}`);
    validators.set(name, validate);
  }
  return validate;
}
/** The ajv errors of `value` against the schema (empty: valid). */
function problems(name: SchemaName, value: unknown): string[] {
  const validate = validatorOf(name);
  return validate(value)
    ? []
    : (validate.errors ?? []).map(
        (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
      );
}
/** As the API sends it: JSON (undefined members gone, frozen objects plain). */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;
function valid<T>(result: ValidationResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.facts;
}
const clone = <T>(value: T): T => structuredClone(value);
/** Removes the member at a dotted path ('staging.clinical.m'). */
const DROP = Symbol('drop');
/** A copy of `value` with the member at a dotted path ('regimens.preferred.0.decision') set, or dropped. */
function changed(value: unknown, path: string, to: unknown): Record<string, unknown> {
  const copy = clone(value) as Record<string, unknown>;
  const names = path.split('.');
  const last = names.pop() ?? '';
  const parent = names.reduce<Record<string, unknown>>((node, name) => node[name] as Record<string, unknown>, copy);
  if (to === DROP) Reflect.deleteProperty(parent, last);
  else parent[last] = to;
  return copy;
}
const propertiesOf = (name: SchemaName): string[] => Object.keys(CASE_CORE_SCHEMAS[name].properties ?? {});

/** Lung after neoadjuvant therapy, right upper lobe: ypTNM, EGFR exon 19 deletion, PD-L1 TPS 60% (as submitted). */
const LUNG_INPUT = {
  primary: {
    siteCode: 'C34.1',
    topographyCode: 'C34.1',
    morphologyCode: '8140/3',
    histologyText: 'adenocarcinoma, acinar predominant',
    laterality: 'right',
    diagnosisDate: '2026-01-12',
  },
  staging: {
    edition: 'UICC-8',
    clinical: { t: 'T2a', n: 'N2', m: 'M0' },
    pathological: { t: 'T1c', n: 'N0', m: 'M0', afterTherapy: true },
    stageGroup: 'IA3',
  },
  condition: {
    ecog: 1,
    fitForIntensiveTreatment: true,
    comorbidities: [{ code: 'J44.9', text: 'COPD' }, { text: 'former smoker, 30 pack-years' }],
    creatinineClearanceMlMin: 82.5,
    preferences: { declinesRadiotherapy: true },
    symptoms: ['cough', 'dyspnoea'],
  },
  biomarkers: [
    { marker: 'EGFR', result: 'mutant', variant: 'exon 19 deletion', method: 'NGS', date: '2026-01-20' },
    { marker: 'PDL1_TPS', result: '60%', method: 'IHC' },
    { marker: 'STK11', result: 'no alteration detected', method: 'NGS' },
  ],
};

/**
 * The rectal fixtures' resectable case (cT3 N1 M1a, two resectable liver metastases, age 61, RAS
 * mutant), through the rectal validator and migrated to the core as stored cases are.
 */
const rectalFacts = valid(
  validateFacts({
    tCategory: 'T3',
    nCategory: 'N1',
    mCategory: 'M1a',
    distanceFromAnalVergeCm: 8,
    mesorectalFasciaThreatened: false,
    metastases: [{ site: 'liver', count: 2, resectability: 'resectable' }],
    ageYears: 61,
    ecog: 0,
    fitForIntensiveTreatment: true,
    comorbidities: ['hypertension'],
    creatinineClearanceMlMin: 90,
    symptoms: { bleeding: true },
    biomarkers: {
      kras: 'mutant',
      krasVariant: 'G12D',
      nras: 'wild-type',
      braf: 'wild-type',
      mmr: 'pMMR',
      her2: 'negative',
      dpd: 'normal',
    },
  }),
);
const rectal = coreFromRectalFacts(rectalFacts);

interface ColonCase {
  t?: string;
  n?: string;
  basis?: 'pathological' | 'clinical';
  age?: number;
  ecog?: number | null;
  mmr?: string | null;
  dpd?: string | null;
}
/** The colon fixtures' case: a resected sigmoid pT3 N1a adenocarcinoma, age 60 (set by the API from the patient), ECOG 0, pMMR, DPD normal. */
function colonCore(input: ColonCase = {}): CaseCore {
  return valid(
    validateCaseCore({
      primary: { siteCode: 'C18.7', morphologyCode: '8140/3' },
      staging: {
        edition: 'UICC-8',
        [input.basis ?? 'pathological']: { t: input.t ?? 'T3', n: input.n ?? 'N1a', m: 'M0' },
      },
      condition: { ageYears: input.age ?? 60, ecog: input.ecog === undefined ? 0 : input.ecog },
      biomarkers: [
        ...(input.mmr === null ? [] : [{ marker: 'MMR', result: input.mmr ?? 'pMMR' }]),
        ...(input.dpd === null ? [] : [{ marker: 'DPD', result: input.dpd ?? 'normal' }]),
      ],
    }),
  );
}
/** 20 nodes, G2, no high-risk feature, CEA normal, surgery 2026-03-02. */
const COLON_EXTRA = {
  surgeryDate: '2026-03-02',
  lymphNodesExamined: 20,
  grade: 'G2',
  lymphovascularInvasion: false,
  perineuralInvasion: false,
  obstructionAtPresentation: false,
  perforation: false,
  preoperativeCeaNgMl: 2.1,
  ceaUpperLimitNgMl: 5,
  colonFullyVisualisedPreoperatively: true,
  peripheralNeuropathy: false,
};
function colonFacts(input: ColonCase = {}, extra: Record<string, unknown> = {}): ColonFacts {
  return valid(colonFactsFrom(colonCore(input), valid(validateColonExtraFacts({ ...COLON_EXTRA, ...extra }))));
}

const colonStageIii: CaseCore = colonCore();
const lung: CaseCore = valid(validateCaseCore(LUNG_INPUT));
/** The same core as a client may send it back: ageYears is the patient's, never submitted. */
function asInput(core: CaseCore): unknown {
  const copy = json(core) as { condition: Record<string, unknown> };
  delete copy.condition['ageYears'];
  return copy;
}

describe('CASE_CORE_SCHEMAS', () => {
  describe('shape', () => {
    it('shares no schema name with PATHWAY_SCHEMAS (both go into one components object)', () => {
      expect(Object.keys(CASE_CORE_SCHEMAS).filter((name) => name in PATHWAY_SCHEMAS)).toEqual([]);
    });

    it.each<[SchemaName, readonly string[]]>([
      ['CaseCore', CASE_CORE_FIELDS.root],
      ['CaseCoreInput', CASE_CORE_FIELDS.root],
      ['PrimaryCancer', CASE_CORE_FIELDS.primary],
      ['Staging', CASE_CORE_FIELDS.staging],
      ['TnmCategories', CASE_CORE_FIELDS.tnm],
      ['CoreMetastasis', CASE_CORE_FIELDS.metastasis],
      ['PatientCondition', CASE_CORE_FIELDS.condition],
      ['PatientConditionInput', CASE_CORE_FIELDS.condition.filter((field) => field !== 'ageYears')],
      ['Comorbidity', CASE_CORE_FIELDS.comorbidity],
      ['BiomarkerResult', CASE_CORE_FIELDS.biomarker],
      ['RectalStageIvFacts', ['pathwayId', ...RECTAL_EXTRA_FACT_FIELDS]],
      ['RectalStageIvFactsInput', ['pathwayId', ...RECTAL_EXTRA_FACT_FIELDS]],
      ['ColonStageIIIIFacts', ['pathwayId', ...COLON_EXTRA_FACT_FIELDS]],
      ['ColonStageIIIIFactsInput', ['pathwayId', ...COLON_EXTRA_FACT_FIELDS]],
      ['BoardPlan', BOARD_PLAN_FIELDS],
      ['BoardPlanInput', BOARD_PLAN_FIELDS],
    ])('%s has exactly the library fields', (name, fields) => {
      expect(propertiesOf(name).sort()).toEqual([...fields].sort());
      expect(CASE_CORE_SCHEMAS[name].additionalProperties).toBe(false);
    });

    it('discriminates the pathway facts by pathwayId, with one member per registered pathway', () => {
      for (const name of ['PathwayFacts', 'PathwayFactsInput'] as const) {
        const { discriminator, oneOf } = CASE_CORE_SCHEMAS[name];
        expect(discriminator?.propertyName).toBe('pathwayId');
        const mapping = discriminator?.mapping ?? {};
        expect(Object.keys(mapping).sort()).toEqual(
          PATHWAYS.list()
            .map((pathway) => pathway.id)
            .sort(),
        );
        expect(oneOf?.map((member) => ('$ref' in member ? member.$ref : '')).sort()).toEqual(
          Object.values(mapping).sort(),
        );
        for (const [id, target] of Object.entries(mapping)) {
          const member = SCHEMAS[target.replace('#/components/schemas/', '')];
          expect(member?.required).toContain('pathwayId');
          expect(member?.properties?.['pathwayId']).toMatchObject({ enum: [id] });
        }
      }
    });

    it('gives AnyPathwayFinding every rectal and colon finding code, once', () => {
      const codes = CASE_CORE_SCHEMAS.AnyPathwayFinding.properties?.['code'] as SchemaObject;
      expect([...(codes.enum ?? [])].sort()).toEqual(
        [...new Set<string>([...FINDING_CODES, ...COLON_FINDING_CODES])].sort(),
      );
      expect(COLON_FINDING_CODES.some((code) => !(FINDING_CODES as readonly string[]).includes(code))).toBe(true);
    });
  });

  describe('the case core', () => {
    it.each([
      ['rectal stage IV (migrated from the rectal facts)', rectal.core],
      ['colon stage III', colonStageIii],
      ['lung C34.1 with EGFR and PD-L1', lung],
    ])('CaseCore accepts the %s core as returned, and CaseCoreInput the same core without ageYears', (_name, core) => {
      expect(problems('CaseCore', json(core))).toEqual([]);
      expect(problems('CaseCoreInput', asInput(core))).toEqual([]);
    });

    it('CaseCoreInput accepts what validateCaseCore lets be omitted (a site alone, the lung as submitted)', () => {
      for (const input of [{ primary: { siteCode: 'C20' } }, LUNG_INPUT]) {
        expect(validateCaseCore(input).ok).toBe(true);
        expect(problems('CaseCoreInput', input)).toEqual([]);
      }
    });

    it('CaseCore (as returned) needs every field, condition.ageYears included', () => {
      const withoutAge = asInput(lung);
      expect(problems('CaseCore', withoutAge).join()).toContain("must have required property 'ageYears'");
      const sparse = valid(validateCaseCore({ primary: { siteCode: 'C20' } }));
      expect(problems('CaseCore', json(sparse))).toEqual([]);
      expect(problems('CaseCore', { primary: { siteCode: 'C20' } })).not.toEqual([]);
    });

    it('CaseCoreInput refuses condition.ageYears (the patient gives it), which the returned core carries', () => {
      const input = clone(LUNG_INPUT) as typeof LUNG_INPUT & { condition: { ageYears?: number } };
      input.condition.ageYears = 64;
      expect(problems('CaseCoreInput', input).join()).toContain('"additionalProperty":"ageYears"');
      expect(lung.condition.ageYears).toBeNull();
      expect(problems('CaseCore', json({ ...lung, condition: { ...lung.condition, ageYears: 64 } }))).toEqual([]);
    });

    /** Each breaks one rule both the library and the schema state: both must refuse it. */
    it.each<[string, string, unknown]>([
      ['an unknown top-level key', 'pathway', 'lung'],
      ['an unknown condition key (ECOG)', 'condition.ECOG', 1],
      ['a wrong T category (T5)', 'staging.clinical.t', 'T5'],
      ['a wrong edition (AJCC-7)', 'staging.edition', 'AJCC-7'],
      ['a wrong stage group (V)', 'staging.stageGroup', 'V'],
      ['a site that is not an ICD-10 neoplasm (J18)', 'primary.siteCode', 'J18'],
      ['a missing site', 'primary.siteCode', DROP],
      ['a topography without its digit (C34)', 'primary.topographyCode', 'C34'],
      ['a morphology without behaviour (8140)', 'primary.morphologyCode', '8140'],
      ['a wrong laterality (upper)', 'primary.laterality', 'upper'],
      ['an impossible diagnosis date', 'primary.diagnosisDate', '2026-02-30'],
      ['ECOG 5', 'condition.ecog', 5],
      ['a repeated symptom', 'condition.symptoms', ['cough', 'cough']],
      ['a wrong symptom code', 'condition.symptoms', ['fever']],
      ['a comorbidity without text', 'condition.comorbidities', [{ code: 'I10' }]],
      [
        'a comorbidity code that is not ICD-10',
        'condition.comorbidities',
        [{ code: 'hypertension', text: 'hypertension' }],
      ],
      ['creatinine clearance above 300', 'condition.creatinineClearanceMlMin', 301],
      ['a biomarker without result', 'biomarkers', [{ marker: 'EGFR' }]],
      ['a blank biomarker result', 'biomarkers', [{ marker: 'EGFR', result: '  ' }]],
      ['a metastasis count of 0', 'metastases', [{ site: 'liver', count: 0 }]],
      ['a wrong metastasis site', 'metastases', [{ site: 'spleen', count: 1 }]],
      ['a TNM without M', 'staging.clinical.m', DROP],
      ['afterTherapy null', 'staging.clinical.afterTherapy', null],
      ['an unknown preference', 'condition.preferences.declinesChemotherapy', true],
    ])('CaseCoreInput and validateCaseCore both refuse %s', (_name, path, to) => {
      const input = changed(LUNG_INPUT, path, to);
      expect(validateCaseCore(input).ok).toBe(false);
      expect(problems('CaseCoreInput', input)).not.toEqual([]);
    });
  });

  describe('the pathway facts union', () => {
    const rectalIntake = valid(
      validateCaseIntake(
        { core: asInput(rectal.core), pathwayFacts: { pathwayId: RECTAL_STAGE_IV_PATHWAY_ID, ...rectal.extra } },
        PATHWAYS,
      ),
    );
    const colonIntake = valid(
      validateCaseIntake(
        {
          core: asInput(colonStageIii),
          pathwayFacts: {
            pathwayId: COLON_STAGE_I_III_PATHWAY_ID,
            surgeryDate: '2026-03-02',
            lymphNodesExamined: 20,
            grade: 'G2',
          },
        },
        PATHWAYS,
      ),
    );
    /** As the API returns a case's facts: the pathway's id beside its validated extra facts. */
    const returned = (intake: typeof rectalIntake): unknown =>
      intake.pathway === null ? null : json({ pathwayId: intake.pathway.id, ...(intake.pathwayFacts as object) });

    it.each([
      ['rectal stage IV', rectalIntake, 'RectalStageIvFacts'],
      ['colon stage I-III', colonIntake, 'ColonStageIIIIFacts'],
    ] as const)(
      'PathwayFacts accepts the %s facts as the intake returns them, and only as that member',
      (_name, intake, member) => {
        const value = returned(intake);
        expect(problems('PathwayFacts', value)).toEqual([]);
        expect(problems(member, value)).toEqual([]);
        const other = member === 'RectalStageIvFacts' ? 'ColonStageIIIIFacts' : 'RectalStageIvFacts';
        expect(problems(other, value)).not.toEqual([]);
      },
    );

    it('null is no pathway, in and out (the intake accepts it and the union is nullable)', () => {
      const intake = valid(validateCaseIntake({ core: LUNG_INPUT, pathwayFacts: null }, PATHWAYS));
      expect(intake.pathway).toBeNull();
      expect(problems('PathwayFactsInput', null)).toEqual([]);
      expect(problems('PathwayFacts', returned(intake))).toEqual([]);
    });

    it('PathwayFactsInput accepts a pathway id alone (omitted facts are null) and submitted facts', () => {
      for (const input of [
        { pathwayId: COLON_STAGE_I_III_PATHWAY_ID },
        { pathwayId: RECTAL_STAGE_IV_PATHWAY_ID, distanceFromAnalVergeCm: 4.5 },
        {
          pathwayId: COLON_STAGE_I_III_PATHWAY_ID,
          preoperativeCeaNgMl: 7.2,
          ceaUpperLimitNgMl: 5,
          perforation: null,
          grade: 'G3',
        },
      ]) {
        expect(problems('PathwayFactsInput', input)).toEqual([]);
        const { pathwayId, ...extra } = input;
        expect(
          (pathwayId === RECTAL_STAGE_IV_PATHWAY_ID ? validateRectalExtraFacts(extra) : validateColonExtraFacts(extra))
            .ok,
        ).toBe(true);
      }
    });

    it.each([
      ['an unknown pathway id', { pathwayId: 'breast-stage-iv' }],
      ['a colon fact under the rectal id', { pathwayId: RECTAL_STAGE_IV_PATHWAY_ID, grade: 'G2' }],
      ['a wrong grade (G5)', { pathwayId: COLON_STAGE_I_III_PATHWAY_ID, grade: 'G5' }],
      ['a fractional node count', { pathwayId: COLON_STAGE_I_III_PATHWAY_ID, lymphNodesExamined: 12.5 }],
      ['an unknown colon key', { pathwayId: COLON_STAGE_I_III_PATHWAY_ID, stage: 'III' }],
      ['an anal verge distance beyond 20 cm', { pathwayId: RECTAL_STAGE_IV_PATHWAY_ID, distanceFromAnalVergeCm: 25 }],
      ['a non-boolean MRF status', { pathwayId: RECTAL_STAGE_IV_PATHWAY_ID, mesorectalFasciaThreatened: 'yes' }],
      ['an impossible surgery date', { pathwayId: COLON_STAGE_I_III_PATHWAY_ID, surgeryDate: '2026-13-01' }],
    ])(
      'PathwayFactsInput and the intake (with a core the pathway applies to) both refuse %s',
      (_name, pathwayFacts) => {
        const core = pathwayFacts.pathwayId === RECTAL_STAGE_IV_PATHWAY_ID ? rectal.core : colonStageIii;
        expect(
          validateCaseIntake({ core: asInput(core), pathwayFacts: { pathwayId: pathwayFacts.pathwayId } }, PATHWAYS).ok,
        ).toBe(pathwayFacts.pathwayId !== 'breast-stage-iv');
        expect(validateCaseIntake({ core: asInput(core), pathwayFacts }, PATHWAYS).ok).toBe(false);
        expect(problems('PathwayFactsInput', pathwayFacts)).not.toEqual([]);
      },
    );

    it('PathwayFacts (as returned) needs every fact', () => {
      expect(problems('PathwayFacts', { pathwayId: COLON_STAGE_I_III_PATHWAY_ID })).not.toEqual([]);
    });
  });

  describe('the colon draft plan', () => {
    const stageIi = draftColonPlan(colonFacts({ t: 'T4a', n: 'N0' }, { lymphNodesExamined: 9, perforation: true }));
    const stageIii = draftColonPlan(colonFacts());
    const provisional = draftColonPlan(
      colonFacts(
        { basis: 'clinical', ecog: null, mmr: null },
        { surgeryDate: null, lymphNodesExamined: null, colonFullyVisualisedPreoperatively: null },
      ),
    );

    it('covers high-risk stage II, stage III and a provisional draft (the fixtures are what the names say)', () => {
      expect([
        stageIi.stageGroup,
        stageIi.primaryBranch.code,
        stageIi.highRiskFeatures.length,
        stageIi.findings.length,
      ]).toEqual(['IIB', 'adjuvant-stage-ii-high-risk', 3, 1]);
      expect([stageIii.stageGroup, stageIii.primaryBranch.code]).toEqual(['IIIB', 'adjuvant-stage-iii-low-risk']);
      expect([provisional.stagingBasis, provisional.surgeryDate, provisional.assumptions.length > 0]).toEqual([
        'clinical',
        null,
        true,
      ]);
      expect(provisional.milestones.some((milestone) => milestone.window !== undefined)).toBe(true);
    });

    it.each([
      ['stage II', stageIi],
      ['stage III', stageIii],
      ['provisional', provisional],
    ])('ColonDraftPlan accepts the %s draft', (_name, plan) => {
      expect(problems('ColonDraftPlan', json(plan))).toEqual([]);
    });

    it.each<[string, string, unknown]>([
      ['a wrong regimen decision', 'regimens.preferred.0.decision', 'maybe'],
      ['a rectal regimen code', 'regimens.preferred.0.regimen', 'FOLFOXIRI'],
      ['an unknown branch code', 'primaryBranch.code', 'palliative'],
      ['an unknown key', 'stage', 'III'],
      ['a missing verdict list', 'regimens.not-advised', DROP],
      ['a rectal milestone anchor', 'milestones.0.anchor', 'plannedSurgery'],
      [
        'a citation of an unknown kind',
        'findings',
        [{ ...stageIi.findings[0], citation: { kind: 'guess', source: 'x', section: 'y' } }],
      ],
    ])('ColonDraftPlan refuses %s', (_name, path, to) => {
      expect(problems('ColonDraftPlan', changed(json(stageIii), path, to))).not.toEqual([]);
    });
  });

  describe('findings', () => {
    const T_S = '2026-03-02';
    const events: ColonTreatmentEvent[] = [
      { id: 'surgery', kind: 'surgery', date: T_S },
      { id: 'c1', kind: 'adjuvant-therapy', regimens: ['CAPOX_3M', 'BEVACIZUMAB'], startDate: '2026-05-11' },
    ];
    const colonFindings = validateColonPlan(colonFacts({ age: 72, dpd: null }), events, { asOf: '2026-05-20' });
    const chemotherapy: TreatmentEvent = {
      id: 'chemo',
      kind: 'systemic-therapy',
      regimens: ['FOLFOX', 'CETUXIMAB'],
      startDate: '2026-01-10',
    };
    const rectalFindings = validatePlan(rectalFacts, [chemotherapy], { asOf: '2026-01-20' });

    it('ColonFinding and AnyPathwayFinding accept colon findings (with event ids and day counts)', () => {
      expect(colonFindings.map((found) => found.code)).toEqual(
        expect.arrayContaining(['ADJUVANT_BIOLOGIC', 'ADJUVANT_START_LATE', 'OXALIPLATIN_AGE_70_PLUS']),
      );
      for (const found of colonFindings) {
        expect(problems('ColonFinding', json(found))).toEqual([]);
        expect(problems('AnyPathwayFinding', json(found))).toEqual([]);
      }
    });

    it('AnyPathwayFinding accepts rectal findings, ColonFinding refuses the rectal-only codes', () => {
      expect(rectalFindings.map((found) => found.code)).toContain('ANTI_EGFR_RAS_NOT_WILD_TYPE');
      for (const found of rectalFindings) expect(problems('AnyPathwayFinding', json(found))).toEqual([]);
      const rectalOnly = rectalFindings.find((found) => found.code === 'ANTI_EGFR_RAS_NOT_WILD_TYPE');
      expect(problems('ColonFinding', json(rectalOnly)).join()).toContain('must be equal to one of the allowed values');
    });

    it('AnyPathwayFinding refuses an unknown code and a wrong severity', () => {
      const [found] = colonFindings;
      expect(problems('AnyPathwayFinding', { ...(json(found) as object), code: 'SOMETHING_ELSE' })).not.toEqual([]);
      expect(problems('AnyPathwayFinding', { ...(json(found) as object), severity: 'info' })).not.toEqual([]);
    });
  });

  describe('the board plan', () => {
    const FULL_INPUT = {
      intent: 'curative',
      modalities: ['surgery', 'systemic-therapy'],
      regimens: [
        { code: 'OSIMERTINIB' },
        { code: 'CARBOPLATIN_PEMETREXED', text: '4 cycles' },
        { text: 'trial drug within a study' },
      ],
      steps: [
        { modality: 'systemic-therapy', description: 'Adjuvant carboplatin-pemetrexed, then osimertinib 3 years' },
        { modality: 'surgery', description: 'Completion lobectomy if residual disease' },
      ],
      milestones: [
        { key: 'ct-3-months', label: 'CT chest at 3 months', anchor: 'treatmentStart', offsetDays: 91 },
        { key: 'review-board', label: 'Back to the board', dueDate: '2026-06-01' },
        { key: 'pre-op-check', label: 'Anaesthesia review', anchor: 'surgery', offsetDays: -7 },
      ],
      notes: 'Patient prefers oral therapy',
    };
    const MINIMAL_INPUT = { intent: 'palliative', modalities: ['best-supportive-care'] };

    it.each([
      ['a full plan', FULL_INPUT],
      ['intent and modalities only', MINIMAL_INPUT],
    ])('BoardPlanInput accepts %s, and BoardPlan what validateBoardPlan makes of it', (_name, input) => {
      expect(problems('BoardPlanInput', input)).toEqual([]);
      const plan = valid(validateBoardPlan(input));
      expect(problems('BoardPlan', json(plan))).toEqual([]);
    });

    it('BoardPlan (as returned) needs every field', () => {
      expect(problems('BoardPlan', MINIMAL_INPUT)).not.toEqual([]);
      expect(
        problems('BoardPlan', {
          ...(json(valid(validateBoardPlan(FULL_INPUT))) as object),
          regimens: [{ code: 'OSIMERTINIB' }],
        }),
      ).not.toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
      ['no modality', { ...MINIMAL_INPUT, modalities: [] }],
      ['a repeated modality', { ...MINIMAL_INPUT, modalities: ['surgery', 'surgery'] }],
      ['a wrong intent', { ...MINIMAL_INPUT, intent: 'adjuvant' }],
      ['a wrong modality', { ...MINIMAL_INPUT, modalities: ['chemo'] }],
      ['an unknown regimen code', { ...MINIMAL_INPUT, regimens: [{ code: 'FOLFOX_6M' }] }],
      ['a regimen with neither code nor text', { ...MINIMAL_INPUT, regimens: [{}] }],
      [
        'a milestone with a date and an anchor',
        {
          ...MINIMAL_INPUT,
          milestones: [{ key: 'ct', label: 'CT', dueDate: '2026-06-01', anchor: 'decision', offsetDays: 10 }],
        },
      ],
      [
        'a milestone key that is not a slug',
        { ...MINIMAL_INPUT, milestones: [{ key: 'CT 3 months', label: 'CT', dueDate: '2026-06-01' }] },
      ],
      [
        'an offset beyond ten years',
        { ...MINIMAL_INPUT, milestones: [{ key: 'ct', label: 'CT', anchor: 'decision', offsetDays: 4000 }] },
      ],
      ['an anchor without offset', { ...MINIMAL_INPUT, milestones: [{ key: 'ct', label: 'CT', anchor: 'decision' }] }],
      ['a step without description', { ...MINIMAL_INPUT, steps: [{ modality: 'surgery' }] }],
      ['an unknown key (status)', { ...MINIMAL_INPUT, status: 'signed' }],
    ])('BoardPlanInput and validateBoardPlan both refuse %s', (_name, input) => {
      expect(validateBoardPlan(input).ok).toBe(false);
      expect(problems('BoardPlanInput', input)).not.toEqual([]);
    });
  });

  describe('in an OpenAPI document', () => {
    /** A document whose operations use the new schemas as a DTO would (the union as a plain $ref). */
    function document(): Record<string, unknown> {
      const body = (schema: SchemaObject, answer: SchemaName) => ({
        summary: `Takes ${answer}`,
        operationId: `take${answer}`,
        security: [],
        requestBody: { required: true, content: { 'application/json': { schema } } },
        responses: {
          200: { description: 'The result', content: { 'application/json': { schema: ref(answer) } } },
          400: { description: 'Invalid input' },
        },
      });
      const intake: SchemaObject = {
        type: 'object',
        required: ['core'],
        additionalProperties: false,
        properties: { core: ref('CaseCoreInput'), pathwayFacts: ref('PathwayFactsInput') },
      };
      return {
        openapi: '3.0.0',
        info: {
          title: 'case core schemas',
          version: '1',
          license: { name: 'UNLICENSED', url: 'https://example.org/license' },
        },
        servers: [{ url: '/' }],
        paths: {
          '/intake': { post: body(intake, 'CaseCore') },
          '/facts': { post: body(ref('PathwayFacts'), 'ColonDraftPlan') },
          '/board-plan': { post: body(ref('BoardPlanInput'), 'BoardPlan') },
          '/findings': {
            post: body({ type: 'object', properties: { colon: ref('ColonFinding') } }, 'AnyPathwayFinding'),
          },
        },
        components: { schemas: clone(SCHEMAS) },
      };
    }

    it('is valid OpenAPI 3.0 (swagger-parser)', async () => {
      await expect(SwaggerParser.validate(document() as never)).resolves.toBeDefined();
    });

    it('passes redocly lint with the recommended rules at 0 errors', async () => {
      const directory = await mkdtemp(join(tmpdir(), 'case-core-schemas-'));
      try {
        await writeFile(join(directory, 'openapi.json'), JSON.stringify(document()));
        const stdout = await run(
          join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'),
          ['lint', '--extends', 'recommended', '--format', 'json', join(directory, 'openapi.json')],
          '',
          true,
        );
        const report = JSON.parse(stdout) as {
          problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
        };
        expect(
          report.problems
            .filter((problem) => problem.severity === 'error')
            .map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`),
        ).toEqual([]);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    }, 30_000);

    it('gives the web client a union it can narrow on pathwayId, or null (openapi-typescript)', async () => {
      const types = await run(join(ROOT, 'scripts/openapi-types.mjs'), ['--stdout'], JSON.stringify(document()), false);
      const line = (name: string): string | undefined =>
        types
          .split('\n')
          .find((text) => text.trim().startsWith(`${name}:`))
          ?.trim();
      expect(line('PathwayFactsInput')).toBe(
        'PathwayFactsInput: (components["schemas"]["RectalStageIvFactsInput"] | components["schemas"]["ColonStageIIIIFactsInput"]) | null;',
      );
      expect(line('PathwayFacts')).toBe(
        'PathwayFacts: (components["schemas"]["RectalStageIvFacts"] | components["schemas"]["ColonStageIIIIFacts"]) | null;',
      );
      expect(types).toContain(`pathwayId: "${RECTAL_STAGE_IV_PATHWAY_ID}";`);
      expect(types).toContain(`pathwayId: "${COLON_STAGE_I_III_PATHWAY_ID}";`);
      expect(line('pathwayFacts?')).toBe('pathwayFacts?: components["schemas"]["PathwayFactsInput"];');
      expect(line('clinical')).toBe('clinical: components["schemas"]["TnmCategories"] | null;');
    }, 30_000);
  });
});

/** Runs a node script from the repository root with `input` on stdin; `jsonOnFailure`: a non-zero exit still prints its JSON report. */
function run(script: string, args: readonly string[], input: string, jsonOnFailure: boolean): Promise<string> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      process.execPath,
      [script, ...args],
      { cwd: ROOT, env, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && !(jsonOnFailure && stdout.trim().startsWith('{')))
          reject(new Error(`${script} failed: ${stderr}`, { cause: error }));
        else resolvePromise(stdout);
      },
    );
    child.stdin?.end(input);
  });
}
