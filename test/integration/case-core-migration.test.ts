import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Client } from 'pg';
import {
  BRAF_STATUSES,
  DPD_STATUSES,
  HER2_STATUSES,
  METASTASIS_SITES,
  MMR_STATUSES,
  M_CATEGORIES,
  N_CATEGORIES,
  RAS_STATUSES,
  RESECTABILITY_CALLS,
  T_CATEGORIES,
  coreFromRectalFacts,
  draftPlan,
  rectalStageIvWorkflow,
  validateCaseCore,
  validateFacts,
  type BrafStatus,
  type CaseCore,
  type CaseFacts,
  type DpdStatus,
  type Ecog,
  type Her2Status,
  type MCategory,
  type Metastasis,
  type MetastasisSite,
  type MmrStatus,
  type NCategory,
  type RasStatus,
  type RectalExtraFacts,
  type Resectability,
  type TCategory,
} from '@consilium/pathway';
import { ageInYears, storedFactsOf } from '../../apps/api/src/cases/case-facts.mapper';
import { ROOT } from '../support/constants';
import { createEmptyDatabase, type TestDatabase } from '../support/postgres';

/**
 * Issue 13, "Existing data migrates without loss": the case_core migration turns the rectal-only
 * columns of `cases` and the `metastases` table into the case core (JSON), its site code, the
 * pathway id and the pathway's extra facts. Its SQL must give, row for row, what the pathway
 * library's `coreFromRectalFacts` gives for the same facts (condition.ageYears null: it is derived
 * from the birth date at read; blank comorbidity texts dropped: the core refuses them). Databases
 * are migrated up to the migration before case_core with the committed SQL, filled in the old
 * columns, then migrated with case_core's own migration.sql.
 */

const MIGRATIONS_DIR = join(ROOT, 'prisma', 'migrations');
const CASE_CORE_MIGRATION = '20261129154518_case_core';
const migrationSql = (name: string): string => readFileSync(join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8');
const EARLIER_MIGRATIONS = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name) && entry.name < CASE_CORE_MIGRATION)
  .map((entry) => entry.name)
  .sort();
const CASE_CORE_SQL = migrationSql(CASE_CORE_MIGRATION);

/** An empty database migrated with every committed migration before case_core (the old schema). */
async function oldSchemaDatabase(label: string): Promise<{ database: TestDatabase; client: Client }> {
  const database = await createEmptyDatabase(label);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  for (const name of EARLIER_MIGRATIONS) await client.query(migrationSql(name));
  return { database, client };
}

// The old enums' spelling of the pathway vocabulary (T, N and M are spelt alike in both).
const OLD_SITE = {
  liver: 'LIVER',
  lung: 'LUNG',
  peritoneum: 'PERITONEUM',
  'distant-nodes': 'DISTANT_NODES',
  bone: 'BONE',
  other: 'OTHER',
} as const satisfies Record<MetastasisSite, string>;
const OLD_RESECTABILITY = {
  resectable: 'RESECTABLE',
  'potentially-resectable': 'POTENTIALLY_RESECTABLE',
  unresectable: 'UNRESECTABLE',
} as const satisfies Record<Resectability, string>;
const OLD_RAS = { 'wild-type': 'WILD_TYPE', mutant: 'MUTANT', unknown: 'UNKNOWN' } as const satisfies Record<
  RasStatus,
  string
>;
const OLD_BRAF = {
  V600E: 'V600E',
  other: 'OTHER',
  'wild-type': 'WILD_TYPE',
  unknown: 'UNKNOWN',
} as const satisfies Record<BrafStatus, string>;
const OLD_MMR = { pMMR: 'PMMR', dMMR: 'DMMR', unknown: 'UNKNOWN' } as const satisfies Record<MmrStatus, string>;
const OLD_HER2 = { positive: 'POSITIVE', negative: 'NEGATIVE', unknown: 'UNKNOWN' } as const satisfies Record<
  Her2Status,
  string
>;
const OLD_DPD = {
  normal: 'NORMAL',
  'partial-deficiency': 'PARTIAL_DEFICIENCY',
  'complete-deficiency': 'COMPLETE_DEFICIENCY',
  unknown: 'UNKNOWN',
} as const satisfies Record<DpdStatus, string>;

type Old<T extends Record<string, string>> = T[keyof T];
function fromOld<T extends Record<string, string>>(map: T, value: Old<T>): keyof T {
  const entry = Object.entries(map).find(([, old]) => old === value);
  if (entry === undefined) throw new Error(`no pathway value for ${value}`);
  return entry[0];
}

/** A case as the old schema stored it (the old seed's field names and enum spelling). */
interface OldCase {
  tCategory: TCategory;
  nCategory: NCategory;
  mCategory: MCategory;
  distanceFromAnalVergeCm: number | null;
  mesorectalFasciaThreatened: boolean | null;
  ecog: Ecog | null;
  fitForIntensiveTreatment: boolean | null;
  comorbidities: string[] | null;
  creatinineClearanceMlMin: number | null;
  declinesMajorSurgery: boolean;
  declinesRadiotherapy: boolean;
  preferenceNotes: string | null;
  symptomBleeding: boolean;
  symptomObstruction: boolean;
  symptomPain: boolean;
  kras: Old<typeof OLD_RAS>;
  krasVariant: string | null;
  nras: Old<typeof OLD_RAS>;
  braf: Old<typeof OLD_BRAF>;
  mmr: Old<typeof OLD_MMR>;
  her2: Old<typeof OLD_HER2>;
  dpd: Old<typeof OLD_DPD>;
  metastases: { site: Old<typeof OLD_SITE>; count: number; resectability: Old<typeof OLD_RESECTABILITY> | null }[];
}

/** The old columns' defaults (what the old seed left out). */
const OLD_DEFAULTS = {
  comorbidities: [],
  declinesMajorSurgery: false,
  declinesRadiotherapy: false,
  preferenceNotes: null,
  symptomBleeding: false,
  symptomObstruction: false,
  symptomPain: false,
  krasVariant: null,
} satisfies Partial<OldCase>;

function toOldCase(facts: CaseFacts): OldCase {
  const { biomarkers, preferences, symptoms } = facts;
  return {
    tCategory: facts.tCategory,
    nCategory: facts.nCategory,
    mCategory: facts.mCategory,
    distanceFromAnalVergeCm: facts.distanceFromAnalVergeCm,
    mesorectalFasciaThreatened: facts.mesorectalFasciaThreatened,
    ecog: facts.ecog,
    fitForIntensiveTreatment: facts.fitForIntensiveTreatment,
    comorbidities: [...facts.comorbidities],
    creatinineClearanceMlMin: facts.creatinineClearanceMlMin,
    declinesMajorSurgery: preferences.declinesMajorSurgery,
    declinesRadiotherapy: preferences.declinesRadiotherapy,
    preferenceNotes: preferences.notes,
    symptomBleeding: symptoms.bleeding,
    symptomObstruction: symptoms.obstruction,
    symptomPain: symptoms.pain,
    kras: OLD_RAS[biomarkers.kras],
    krasVariant: biomarkers.krasVariant,
    nras: OLD_RAS[biomarkers.nras],
    braf: OLD_BRAF[biomarkers.braf],
    mmr: OLD_MMR[biomarkers.mmr],
    her2: OLD_HER2[biomarkers.her2],
    dpd: OLD_DPD[biomarkers.dpd],
    metastases: facts.metastases.map((m) => ({
      site: OLD_SITE[m.site],
      count: m.count,
      resectability: m.resectability === null ? null : OLD_RESECTABILITY[m.resectability],
    })),
  };
}

function toFacts(old: OldCase, ageYears: number | null): CaseFacts {
  return {
    tCategory: old.tCategory,
    nCategory: old.nCategory,
    mCategory: old.mCategory,
    distanceFromAnalVergeCm: old.distanceFromAnalVergeCm,
    mesorectalFasciaThreatened: old.mesorectalFasciaThreatened,
    metastases: old.metastases.map((m) => ({
      site: fromOld(OLD_SITE, m.site),
      count: m.count,
      resectability: m.resectability === null ? null : fromOld(OLD_RESECTABILITY, m.resectability),
    })),
    ageYears,
    ecog: old.ecog,
    fitForIntensiveTreatment: old.fitForIntensiveTreatment,
    comorbidities: [...(old.comorbidities ?? [])],
    creatinineClearanceMlMin: old.creatinineClearanceMlMin,
    preferences: {
      declinesMajorSurgery: old.declinesMajorSurgery,
      declinesRadiotherapy: old.declinesRadiotherapy,
      notes: old.preferenceNotes,
    },
    symptoms: { bleeding: old.symptomBleeding, obstruction: old.symptomObstruction, pain: old.symptomPain },
    biomarkers: {
      kras: fromOld(OLD_RAS, old.kras),
      krasVariant: old.krasVariant,
      nras: fromOld(OLD_RAS, old.nras),
      braf: fromOld(OLD_BRAF, old.braf),
      mmr: fromOld(OLD_MMR, old.mmr),
      her2: fromOld(OLD_HER2, old.her2),
      dpd: fromOld(OLD_DPD, old.dpd),
    },
  };
}

/** What the migration must store for these facts: the adapter's core without the age, blank comorbidities dropped. */
function expectedColumns(facts: CaseFacts): { core: CaseCore; extra: RectalExtraFacts } {
  const { core, extra } = coreFromRectalFacts({
    ...facts,
    ageYears: null,
    comorbidities: facts.comorbidities.filter((text) => text.trim() !== ''),
  });
  return { core, extra };
}

async function insertBoard(client: Client): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO boards (name, updated_at) VALUES ($1, now()) RETURNING id`,
    [`Board ${Math.random()}`],
  );
  return rows[0]!.id;
}

interface PatientSeed {
  mrn: string;
  birthDate: string;
}

/** Inserts a patient and a case in the old columns, with its metastases rows; returns the case id. */
async function insertOldCase(
  client: Client,
  boardId: string,
  reference: string,
  patient: PatientSeed,
  old: OldCase,
  extra: { questionForBoard?: string; status?: string; lastImagingDate?: string; referredAt?: string } = {},
): Promise<string> {
  const { rows: patients } = await client.query<{ id: string }>(
    `INSERT INTO patients (mrn, given_name, family_name, birth_date, sex, updated_at) VALUES ($1, 'Test', 'Patient', $2, 'UNKNOWN', now()) RETURNING id`,
    [patient.mrn, patient.birthDate],
  );
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO cases (reference, patient_id, board_id, question_for_board, status, last_imaging_date, referred_at, updated_at,
       t_category, n_category, m_category, distance_from_anal_verge_cm, mesorectal_fascia_threatened, ecog, fit_for_intensive_treatment,
       comorbidities, creatinine_clearance_ml_min, declines_major_surgery, declines_radiotherapy, preference_notes,
       symptom_bleeding, symptom_obstruction, symptom_pain, kras, kras_variant, nras, braf, mmr, her2, dpd)
     VALUES ($1, $2, $3, $4, $5::"CaseStatus", $6, $7, now(),
       $8::"TCategory", $9::"NCategory", $10::"MCategory", $11, $12, $13, $14,
       $15::text[], $16, $17, $18, $19,
       $20, $21, $22, $23::"MutationStatus", $24, $25::"MutationStatus", $26::"BrafStatus", $27::"MmrStatus", $28::"Her2Status", $29::"DpdStatus")
     RETURNING id`,
    [
      reference,
      patients[0]!.id,
      boardId,
      extra.questionForBoard ?? null,
      extra.status ?? 'REFERRED',
      extra.lastImagingDate ?? null,
      extra.referredAt ?? '2026-11-20T09:00:00Z',
      old.tCategory,
      old.nCategory,
      old.mCategory,
      old.distanceFromAnalVergeCm,
      old.mesorectalFasciaThreatened,
      old.ecog,
      old.fitForIntensiveTreatment,
      old.comorbidities,
      old.creatinineClearanceMlMin,
      old.declinesMajorSurgery,
      old.declinesRadiotherapy,
      old.preferenceNotes,
      old.symptomBleeding,
      old.symptomObstruction,
      old.symptomPain,
      old.kras,
      old.krasVariant,
      old.nras,
      old.braf,
      old.mmr,
      old.her2,
      old.dpd,
    ],
  );
  const caseId = rows[0]!.id;
  for (const [position, metastasis] of old.metastases.entries()) {
    await client.query(
      `INSERT INTO metastases (case_id, position, site, count, resectability) VALUES ($1, $2, $3::"MetastasisSite", $4, $5::"Resectability")`,
      [caseId, position, metastasis.site, metastasis.count, metastasis.resectability],
    );
  }
  return caseId;
}

interface MigratedCase {
  id: string;
  core: unknown;
  site_code: string;
  pathway_id: string | null;
  pathway_facts: unknown;
}

async function migratedCases(client: Client): Promise<Map<string, MigratedCase>> {
  const { rows } = await client.query<MigratedCase>(`SELECT id, core, site_code, pathway_id, pathway_facts FROM cases`);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Inserts each case, runs the case_core migration and reads the migrated rows back, in a
 * transaction rolled back afterwards, on a connection of its own (a property run fast-check
 * interrupted may still be finishing on another).
 */
async function migrateInRollback(
  database: TestDatabase,
  boardId: string,
  cases: readonly OldCase[],
  migration = CASE_CORE_SQL,
): Promise<MigratedCase[]> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const ids: string[] = [];
    const run = randomUUID();
    for (const [index, old] of cases.entries())
      ids.push(
        await insertOldCase(
          client,
          boardId,
          `${run}-${index}`,
          { mrn: `${run}-${index}`, birthDate: '1960-01-01' },
          old,
        ),
      );
    await client.query(migration);
    const migrated = await migratedCases(client);
    return ids.map((id) => migrated.get(id)!);
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

/** The old seed's six stage IV rectal demo cases (git show 0f399a9:prisma/seed.ts), in the old columns. */
const DEMO_CASES: readonly {
  reference: string;
  patient: PatientSeed;
  status: string;
  questionForBoard: string;
  lastImagingDate?: string;
  old: OldCase;
  primaryBranch: string;
}[] = [
  {
    reference: 'CRC-DEMO-0001',
    patient: { mrn: 'DEMO-100001', birthDate: '1962-03-14' },
    questionForBoard: 'Resectable liver oligometastases: SCRT then chemotherapy and staged resection?',
    status: 'SCHEDULED',
    lastImagingDate: '2026-11-10',
    old: {
      ...OLD_DEFAULTS,
      tCategory: 'T3',
      nCategory: 'N1',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 7,
      mesorectalFasciaThreatened: false,
      ecog: 0,
      fitForIntensiveTreatment: true,
      creatinineClearanceMlMin: 95,
      kras: 'WILD_TYPE',
      nras: 'WILD_TYPE',
      braf: 'WILD_TYPE',
      mmr: 'PMMR',
      her2: 'NEGATIVE',
      dpd: 'NORMAL',
      metastases: [{ site: 'LIVER', count: 2, resectability: 'RESECTABLE' }],
    },
    primaryBranch: 'resectable-oligometastatic',
  },
  {
    reference: 'CRC-DEMO-0002',
    patient: { mrn: 'DEMO-100002', birthDate: '1958-07-02' },
    questionForBoard: 'Potentially resectable liver disease: conversion chemotherapy first or SCRT first?',
    status: 'REFERRED',
    lastImagingDate: '2026-11-12',
    old: {
      ...OLD_DEFAULTS,
      tCategory: 'T4a',
      nCategory: 'N2',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 4,
      mesorectalFasciaThreatened: true,
      ecog: 1,
      fitForIntensiveTreatment: true,
      creatinineClearanceMlMin: 80,
      kras: 'MUTANT',
      krasVariant: 'G12D',
      nras: 'WILD_TYPE',
      braf: 'WILD_TYPE',
      mmr: 'PMMR',
      her2: 'UNKNOWN',
      dpd: 'UNKNOWN',
      metastases: [{ site: 'LIVER', count: 6, resectability: 'POTENTIALLY_RESECTABLE' }],
    },
    primaryBranch: 'conversion-rt-first',
  },
  {
    reference: 'CRC-DEMO-0003',
    patient: { mrn: 'DEMO-100003', birthDate: '1970-11-23' },
    questionForBoard: 'Unresectable liver and lung metastases: first-line systemic therapy choice?',
    status: 'REFERRED',
    old: {
      ...OLD_DEFAULTS,
      tCategory: 'T3',
      nCategory: 'N2',
      mCategory: 'M1b',
      distanceFromAnalVergeCm: 10,
      mesorectalFasciaThreatened: false,
      ecog: 1,
      fitForIntensiveTreatment: true,
      creatinineClearanceMlMin: 70,
      kras: 'WILD_TYPE',
      nras: 'WILD_TYPE',
      braf: 'V600E',
      mmr: 'PMMR',
      her2: 'NEGATIVE',
      dpd: 'NORMAL',
      metastases: [
        { site: 'LIVER', count: 12, resectability: 'UNRESECTABLE' },
        { site: 'LUNG', count: 4, resectability: 'UNRESECTABLE' },
      ],
    },
    primaryBranch: 'palliative-systemic',
  },
  {
    reference: 'CRC-DEMO-0004',
    patient: { mrn: 'DEMO-100004', birthDate: '1955-01-30' },
    questionForBoard: 'dMMR with liver metastases: first-line immunotherapy?',
    status: 'SCHEDULED',
    lastImagingDate: '2026-11-05',
    old: {
      ...OLD_DEFAULTS,
      tCategory: 'T3',
      nCategory: 'N1',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 8,
      mesorectalFasciaThreatened: false,
      ecog: 1,
      fitForIntensiveTreatment: true,
      creatinineClearanceMlMin: 85,
      kras: 'WILD_TYPE',
      nras: 'WILD_TYPE',
      braf: 'WILD_TYPE',
      mmr: 'DMMR',
      her2: 'NEGATIVE',
      dpd: 'NORMAL',
      metastases: [{ site: 'LIVER', count: 3, resectability: 'POTENTIALLY_RESECTABLE' }],
    },
    primaryBranch: 'immunotherapy-first',
  },
  {
    reference: 'CRC-DEMO-0005',
    patient: { mrn: 'DEMO-100005', birthDate: '1939-05-09' },
    questionForBoard: 'Bleeding low rectal primary, peritoneal disease, poor performance status: palliation?',
    status: 'REFERRED',
    old: {
      ...OLD_DEFAULTS,
      tCategory: 'T4b',
      nCategory: 'N2',
      mCategory: 'M1c',
      distanceFromAnalVergeCm: 3,
      mesorectalFasciaThreatened: true,
      ecog: 3,
      fitForIntensiveTreatment: false,
      creatinineClearanceMlMin: 28,
      comorbidities: ['heart failure NYHA III', 'type 2 diabetes'],
      symptomBleeding: true,
      kras: 'UNKNOWN',
      nras: 'UNKNOWN',
      braf: 'UNKNOWN',
      mmr: 'UNKNOWN',
      her2: 'UNKNOWN',
      dpd: 'UNKNOWN',
      metastases: [{ site: 'PERITONEUM', count: 5, resectability: 'UNRESECTABLE' }],
    },
    primaryBranch: 'best-supportive-care',
  },
  {
    reference: 'CRC-DEMO-0006',
    patient: { mrn: 'DEMO-100006', birthDate: '1966-09-18' },
    questionForBoard: 'Single resectable lung metastasis, upper rectal primary: local treatment of both?',
    status: 'READY',
    lastImagingDate: '2026-11-16',
    old: {
      ...OLD_DEFAULTS,
      tCategory: 'T3',
      nCategory: 'N0',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 12,
      mesorectalFasciaThreatened: false,
      ecog: 0,
      fitForIntensiveTreatment: true,
      creatinineClearanceMlMin: 90,
      kras: 'WILD_TYPE',
      nras: 'WILD_TYPE',
      braf: 'WILD_TYPE',
      mmr: 'PMMR',
      her2: 'NEGATIVE',
      dpd: 'NORMAL',
      metastases: [{ site: 'LUNG', count: 1, resectability: 'RESECTABLE' }],
    },
    primaryBranch: 'resectable-oligometastatic',
  },
];

/** Every row of a table as JSON (minus some columns), by id: what must survive the migration untouched. */
async function rowsOf(
  client: Client,
  table: string,
  without: readonly string[] = [],
): Promise<Record<string, unknown>> {
  const { rows } = await client.query<{ id: string; row: unknown }>(
    `SELECT id::text, to_jsonb(t) - $1::text[] AS row FROM "${table}" t ORDER BY id`,
    [without],
  );
  return Object.fromEntries(rows.map(({ id, row }) => [id, row]));
}

const count = async (client: Client, table: string): Promise<number> =>
  Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n);

const DROPPED_CASE_COLUMNS = [
  't_category',
  'n_category',
  'm_category',
  'distance_from_anal_verge_cm',
  'mesorectal_fascia_threatened',
  'ecog',
  'fit_for_intensive_treatment',
  'comorbidities',
  'creatinine_clearance_ml_min',
  'declines_major_surgery',
  'declines_radiotherapy',
  'preference_notes',
  'symptom_bleeding',
  'symptom_obstruction',
  'symptom_pain',
  'kras',
  'kras_variant',
  'nras',
  'braf',
  'mmr',
  'her2',
  'dpd',
];
const ADDED_CASE_COLUMNS = ['core', 'site_code', 'pathway_id', 'pathway_facts'];

describe('case_core migration (issue 13: existing data migrates without loss)', () => {
  it('applies after the earlier migrations (the fixture migrates the schema it was written for)', () => {
    expect(EARLIER_MIGRATIONS.length).toBeGreaterThanOrEqual(10);
    expect(EARLIER_MIGRATIONS).not.toContain(CASE_CORE_MIGRATION);
    expect(readdirSync(MIGRATIONS_DIR)).toContain(CASE_CORE_MIGRATION);
  });

  describe('the old demo data', () => {
    let database: TestDatabase;
    let client: Client;
    const caseIds: string[] = [];
    let before: {
      cases: Record<string, unknown>;
      events: Record<string, unknown>;
      counts: Record<string, number>;
      metastases: number;
    };
    let eventIds: { systemic: string; radiotherapy: string };

    beforeAll(async () => {
      ({ database, client } = await oldSchemaDatabase('casecore_demo'));
      const boardId = await insertBoard(client);
      for (const demo of DEMO_CASES) {
        caseIds.push(
          await insertOldCase(client, boardId, demo.reference, demo.patient, demo.old, {
            questionForBoard: demo.questionForBoard,
            status: demo.status,
            lastImagingDate: demo.lastImagingDate,
          }),
        );
      }
      const event = async (kind: string, startDate: string, regimens: string[], line: number | null): Promise<string> =>
        (
          await client.query<{ id: string }>(
            `INSERT INTO treatment_events (case_id, kind, start_date, regimens, therapy_line, updated_at) VALUES ($1, $2::"TreatmentEventKind", $3, $4::"RegimenCode"[], $5, now()) RETURNING id`,
            [caseIds[0], kind, startDate, regimens, line],
          )
        ).rows[0]!.id;
      eventIds = {
        systemic: await event('SYSTEMIC_THERAPY', '2026-12-01', ['FOLFOX', 'PANITUMUMAB'], 1),
        radiotherapy: await event('RADIOTHERAPY', '2026-11-23', ['SCRT_5X5'], null),
      };
      before = {
        cases: await rowsOf(client, 'cases', DROPPED_CASE_COLUMNS),
        events: await rowsOf(client, 'treatment_events'),
        counts: {
          cases: await count(client, 'cases'),
          patients: await count(client, 'patients'),
          treatment_events: await count(client, 'treatment_events'),
        },
        metastases: await count(client, 'metastases'),
      };
      await client.query(CASE_CORE_SQL);
    });
    afterAll(async () => {
      await client?.end();
      await database?.drop();
    });

    it('keeps every case, patient and treatment event, and every column the migration does not move', async () => {
      expect(before.counts).toEqual({ cases: 6, patients: 6, treatment_events: 2 });
      expect({
        cases: await count(client, 'cases'),
        patients: await count(client, 'patients'),
        treatment_events: await count(client, 'treatment_events'),
      }).toEqual(before.counts);
      expect(await rowsOf(client, 'cases', ADDED_CASE_COLUMNS)).toEqual(before.cases);
      expect(await rowsOf(client, 'treatment_events')).toEqual(before.events);
    });

    it('stores each case core as coreFromRectalFacts of the old facts (age derived at read), on rectal-stage-iv, site C20', async () => {
      const migrated = await migratedCases(client);
      for (const [index, demo] of DEMO_CASES.entries()) {
        const { core, extra } = coreFromRectalFacts(toFacts(demo.old, null));
        expect({ reference: demo.reference, ...migrated.get(caseIds[index]!) }).toStrictEqual({
          reference: demo.reference,
          id: caseIds[index],
          core,
          site_code: 'C20',
          pathway_id: 'rectal-stage-iv',
          pathway_facts: extra,
        });
      }
      // Every metastasis row is now in a core.
      const inCores = [...migrated.values()].reduce((sum, row) => sum + (row.core as CaseCore).metastases.length, 0);
      expect({ before: before.metastases, inCores }).toEqual({ before: 7, inCores: 7 });
    });

    it('drops the metastases table and the old enums, and keeps the regimens as text', async () => {
      expect((await client.query(`SELECT to_regclass('public.metastases') AS t`)).rows[0].t).toBeNull();
      const { rows: enums } = await client.query<{ typname: string }>(
        `SELECT typname FROM pg_type WHERE typname IN ('TCategory', 'MetastasisSite', 'RegimenCode', 'MutationStatus')`,
      );
      expect(enums).toEqual([]);
      const { rows } = await client.query<{ id: string; regimens: string[] }>(
        `SELECT id, regimens FROM treatment_events`,
      );
      expect(Object.fromEntries(rows.map((row) => [row.id, row.regimens]))).toEqual({
        [eventIds.systemic]: ['FOLFOX', 'PANITUMUMAB'],
        [eventIds.radiotherapy]: ['SCRT_5X5'],
      });
      const { rows: type } = await client.query(
        `SELECT udt_name FROM information_schema.columns WHERE table_name = 'treatment_events' AND column_name = 'regimens'`,
      );
      expect(type).toEqual([{ udt_name: '_text' }]);
    });

    it('gives cores the core validator accepts and from which the rectal workflow drafts the branch the old facts drafted', async () => {
      const { rows } = await client.query<{
        id: string;
        core: unknown;
        pathway_id: string | null;
        pathway_facts: unknown;
        referred_at: Date;
        last_imaging_date: string | null;
        question_for_board: string | null;
        birth_date: string;
      }>(
        `SELECT c.id, c.core, c.pathway_id, c.pathway_facts, c.referred_at, c.last_imaging_date::text, c.question_for_board, p.birth_date::text
         FROM cases c JOIN patients p ON p.id = c.patient_id`,
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      const branches: string[] = [];
      for (const [index, demo] of DEMO_CASES.entries()) {
        const row = byId.get(caseIds[index]!)!;
        const birthDate = new Date(`${row.birth_date}T00:00:00Z`);
        // The API's own read: the stored core with the age at referral from the birth date.
        const stored = storedFactsOf({
          core: row.core as never,
          pathwayId: row.pathway_id,
          pathwayFacts: row.pathway_facts as never,
          referredAt: row.referred_at,
          lastImagingDate: row.last_imaging_date === null ? null : new Date(`${row.last_imaging_date}T00:00:00Z`),
          questionForBoard: row.question_for_board,
          patient: { birthDate },
        });
        expect(stored.core.condition.ageYears).toBe(ageInYears(birthDate, row.referred_at));
        expect(validateCaseCore(stored.core)).toEqual({ ok: true, facts: stored.core });

        const oldFacts = toFacts(demo.old, ageInYears(birthDate, row.referred_at));
        expect(validateFacts(oldFacts)).toEqual({ ok: true, facts: oldFacts });
        const draft = rectalStageIvWorkflow.draft(stored.core, stored.pathwayFacts);
        if (!draft.ok) throw new Error(`${demo.reference}: ${JSON.stringify(draft.problems)}`);
        expect({ reference: demo.reference, facts: draft.draft.facts }).toEqual({
          reference: demo.reference,
          facts: oldFacts,
        });
        expect({ reference: demo.reference, branch: draft.draft.primaryBranch }).toEqual({
          reference: demo.reference,
          branch: draftPlan(oldFacts).primaryBranch.code,
        });
        branches.push(draft.draft.primaryBranch);
      }
      expect(branches).toEqual(DEMO_CASES.map((demo) => demo.primaryBranch));
    });
  });

  describe('any rectal case', () => {
    let database: TestDatabase;
    let client: Client;
    let boardId: string;

    beforeAll(async () => {
      ({ database, client } = await oldSchemaDatabase('casecore_prop'));
      boardId = await insertBoard(client);
    });
    afterAll(async () => {
      await client?.end();
      await database?.drop();
    });

    it('maps every label of the old enums to one pathway value and back', async () => {
      const labels = async (type: string): Promise<string[]> =>
        (
          await client.query<{ label: string }>(
            `SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder`,
            [`"${type}"`],
          )
        ).rows.map((row) => row.label);
      const pairs: [string, Record<string, string>, readonly string[]][] = [
        ['MetastasisSite', OLD_SITE, METASTASIS_SITES],
        ['Resectability', OLD_RESECTABILITY, RESECTABILITY_CALLS],
        ['MutationStatus', OLD_RAS, RAS_STATUSES],
        ['BrafStatus', OLD_BRAF, BRAF_STATUSES],
        ['MmrStatus', OLD_MMR, MMR_STATUSES],
        ['Her2Status', OLD_HER2, HER2_STATUSES],
        ['DpdStatus', OLD_DPD, DPD_STATUSES],
      ];
      for (const [type, map, vocabulary] of pairs) {
        expect({ type, old: Object.values(map).sort(), pathway: Object.keys(map).sort() }).toEqual({
          type,
          old: (await labels(type)).sort(),
          pathway: [...vocabulary].sort(),
        });
      }
      expect(await labels('TCategory')).toEqual([...T_CATEGORIES]);
      expect(await labels('NCategory')).toEqual([...N_CATEGORIES]);
      expect(await labels('MCategory')).toEqual([...M_CATEGORIES]);
    });

    it('edge cases: KRAS unknown with a variant, BRAF other, blank comorbidities, no metastases, no distance, 4.5 cm', async () => {
      const base: CaseFacts = {
        tCategory: 'T3',
        nCategory: 'N1',
        mCategory: 'M1a',
        distanceFromAnalVergeCm: 8,
        mesorectalFasciaThreatened: false,
        metastases: [{ site: 'liver', count: 2, resectability: 'resectable' }],
        ageYears: null,
        ecog: 0,
        fitForIntensiveTreatment: true,
        comorbidities: [],
        creatinineClearanceMlMin: 90,
        preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
        symptoms: { bleeding: false, obstruction: false, pain: false },
        biomarkers: {
          kras: 'mutant',
          krasVariant: 'G12C',
          nras: 'wild-type',
          braf: 'wild-type',
          mmr: 'pMMR',
          her2: 'negative',
          dpd: 'normal',
        },
      };
      const edge: [string, CaseFacts][] = [
        [
          'KRAS unknown with a variant',
          { ...base, biomarkers: { ...base.biomarkers, kras: 'unknown', krasVariant: 'G12C' } },
        ],
        ['BRAF other', { ...base, biomarkers: { ...base.biomarkers, braf: 'other' } }],
        [
          'BRAF V600E, every other marker unknown',
          {
            ...base,
            biomarkers: {
              kras: 'unknown',
              krasVariant: null,
              nras: 'unknown',
              braf: 'V600E',
              mmr: 'unknown',
              her2: 'unknown',
              dpd: 'unknown',
            },
          },
        ],
        [
          'blank comorbidities',
          { ...base, comorbidities: ['', 'hypertension', ' ', '\t', '\u00a0', 'type 2 diabetes', '\n '] },
        ],
        ['no metastases', { ...base, metastases: [] }],
        ['no distance, no fascia call', { ...base, distanceFromAnalVergeCm: null, mesorectalFasciaThreatened: null }],
        ['decimal distance 4.5', { ...base, distanceFromAnalVergeCm: 4.5 }],
        [
          'everything unknown',
          {
            ...base,
            ecog: null,
            fitForIntensiveTreatment: null,
            creatinineClearanceMlMin: null,
            preferences: { declinesMajorSurgery: true, declinesRadiotherapy: true, notes: '' },
          },
        ],
        [
          'all symptoms, every site',
          {
            ...base,
            mCategory: 'M1c',
            symptoms: { bleeding: true, obstruction: true, pain: true },
            metastases: METASTASIS_SITES.map((site, index) => ({
              site,
              count: index + 1,
              resectability: RESECTABILITY_CALLS[index % 3]!,
            })),
          },
        ],
      ];
      const migrated = await migrateInRollback(
        database,
        boardId,
        edge.map(([, facts]) => toOldCase(facts)),
      );
      for (const [index, [name, facts]] of edge.entries()) {
        const { core, extra } = expectedColumns(facts);
        expect({ name, core: migrated[index]!.core, extra: migrated[index]!.pathway_facts }).toStrictEqual({
          name,
          core,
          extra,
        });
      }
      const byName = new Map(edge.map(([name], index) => [name, migrated[index]!.core as CaseCore]));
      // The expectations above come from the adapter; pin what they mean.
      expect(byName.get('blank comorbidities')!.condition.comorbidities).toEqual([
        { code: null, text: 'hypertension' },
        { code: null, text: 'type 2 diabetes' },
      ]);
      expect(byName.get('BRAF other')!.biomarkers.find((b) => b.marker === 'BRAF')).toEqual({
        marker: 'BRAF',
        result: 'mutant',
        variant: 'non-V600E',
        method: null,
        date: null,
      });
      expect(byName.get('KRAS unknown with a variant')!.biomarkers.map((b) => b.marker)).toEqual([
        'NRAS',
        'BRAF',
        'MMR',
        'HER2',
        'DPD',
      ]);
      expect(byName.get('no metastases')!.metastases).toEqual([]);
      expect(migrated[6]!.pathway_facts).toEqual({ distanceFromAnalVergeCm: 4.5, mesorectalFasciaThreatened: false });
      expect(migrated[5]!.pathway_facts).toEqual({ distanceFromAnalVergeCm: null, mesorectalFasciaThreatened: null });
      // Every core but the one without metastases is valid (the core requires a site when M1; so did the old intake).
      for (const [index, [name]] of edge.entries()) {
        expect({ name, ok: validateCaseCore(migrated[index]!.core).ok }).toEqual({
          name,
          ok: name !== 'no metastases',
        });
      }
    });

    it('migrates a NULL comorbidities column (the old column was nullable) to no comorbidities', async () => {
      const old = { ...toOldCase(plainFacts()), comorbidities: null };
      const [row] = await migrateInRollback(database, boardId, [old]);
      expect((row!.core as CaseCore).condition.comorbidities).toEqual([]);
    });

    it('property: 200 random rectal cases migrate to coreFromRectalFacts of their facts', async () => {
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(rectalFacts, { minLength: 20, maxLength: 20 }), async (batch) => {
          for (const facts of batch) {
            expect(validateFacts(facts)).toEqual({ ok: true, facts });
            expect(toFacts(toOldCase(facts), facts.ageYears)).toEqual(facts);
          }
          const migrated = await migrateInRollback(database, boardId, batch.map(toOldCase));
          for (const [index, facts] of batch.entries()) {
            const { core, extra } = expectedColumns(facts);
            expect({
              index,
              core: migrated[index]!.core,
              extra: migrated[index]!.pathway_facts,
              site: migrated[index]!.site_code,
              pathway: migrated[index]!.pathway_id,
            }).toStrictEqual({
              index,
              core,
              extra,
              site: 'C20',
              pathway: 'rectal-stage-iv',
            });
            expect(validateCaseCore(migrated[index]!.core)).toEqual({ ok: true, facts: core });
          }
          checked += batch.length;
        }),
        // Each run migrates a database: bound the shrinking of a failure (still reported as one).
        { numRuns: 10, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true },
      );
      expect(checked).toBe(200);
    });

    it('fails on a drift: a migration whose SQL differs from the adapter does not match', async () => {
      const drifted = CASE_CORE_SQL.replace(`'variant', 'non-V600E'`, `'variant', 'other'`);
      expect(drifted).not.toBe(CASE_CORE_SQL);
      const facts: CaseFacts = { ...plainFacts(), biomarkers: { ...plainFacts().biomarkers, braf: 'other' } };
      const [row] = await migrateInRollback(database, boardId, [toOldCase(facts)], drifted);
      expect(row!.core).not.toEqual(expectedColumns(facts).core);
    });
  });
});

/** A plain valid case (M1a, one lung metastasis) for the single-case checks. */
function plainFacts(): CaseFacts {
  return {
    tCategory: 'T2',
    nCategory: 'N0',
    mCategory: 'M1a',
    distanceFromAnalVergeCm: 6.5,
    mesorectalFasciaThreatened: true,
    metastases: [{ site: 'lung', count: 1, resectability: null }],
    ageYears: null,
    ecog: 2,
    fitForIntensiveTreatment: false,
    comorbidities: ['COPD'],
    creatinineClearanceMlMin: 55,
    preferences: { declinesMajorSurgery: false, declinesRadiotherapy: true, notes: 'prefers outpatient care' },
    symptoms: { bleeding: false, obstruction: true, pain: false },
    biomarkers: {
      kras: 'wild-type',
      krasVariant: null,
      nras: 'mutant',
      braf: 'unknown',
      mmr: 'dMMR',
      her2: 'positive',
      dpd: 'partial-deficiency',
    },
  };
}

/** The M category the listed sites call for (AJCC 8: M1c peritoneum, M1b several sites, M1a one). */
function mCategoryOf(metastases: readonly Metastasis[]): MCategory {
  const sites = new Set(metastases.map((m) => m.site));
  if (sites.has('peritoneum')) return 'M1c';
  return sites.size > 1 ? 'M1b' : 'M1a';
}

const nullable = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arbitrary, { nil: null });
/** Free text as PostgreSQL's text holds it (any Unicode but NUL). */
const text = fc.string({ maxLength: 12, unit: 'grapheme' }).map((s) => s.replace(/\u0000/g, ''));
/** Blank text in its many forms: the migration drops such comorbidities, as the core refuses them. */
const blank = fc
  .array(
    fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '\r',
      '\v',
      '\f',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u2003',
      '\u200a',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
    ),
    { maxLength: 3 },
  )
  .map((chars) => chars.join(''));

/**
 * Any valid rectal CaseFacts the old columns can hold: distance in tenths of a centimetre
 * (DECIMAL(4,1)), creatinine clearance in whole mL/min (INTEGER); comorbidities may be blank.
 */
const rectalFacts: fc.Arbitrary<CaseFacts> = fc
  .record({
    tCategory: fc.constantFrom(...T_CATEGORIES),
    nCategory: fc.constantFrom(...N_CATEGORIES),
    metastases: fc.array(
      fc.record({
        site: fc.constantFrom(...METASTASIS_SITES),
        count: fc.integer({ min: 1, max: 30 }),
        resectability: nullable(fc.constantFrom(...RESECTABILITY_CALLS)),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    distanceFromAnalVergeCm: nullable(fc.integer({ min: 0, max: 200 }).map((tenths) => tenths / 10)),
    mesorectalFasciaThreatened: nullable(fc.boolean()),
    ecog: nullable(fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const, 4 as const)),
    fitForIntensiveTreatment: nullable(fc.boolean()),
    comorbidities: fc.array(fc.oneof(text, blank), { maxLength: 4 }),
    creatinineClearanceMlMin: nullable(fc.integer({ min: 0, max: 300 })),
    preferences: fc.record({
      declinesMajorSurgery: fc.boolean(),
      declinesRadiotherapy: fc.boolean(),
      notes: nullable(text),
    }),
    symptoms: fc.record({ bleeding: fc.boolean(), obstruction: fc.boolean(), pain: fc.boolean() }),
    kras: fc.constantFrom(...RAS_STATUSES),
    krasVariant: nullable(fc.constantFrom('G12C', 'G12D', 'p.G13D', '')),
    nras: fc.constantFrom(...RAS_STATUSES),
    braf: fc.constantFrom(...BRAF_STATUSES),
    mmr: fc.constantFrom(...MMR_STATUSES),
    her2: fc.constantFrom(...HER2_STATUSES),
    dpd: fc.constantFrom(...DPD_STATUSES),
  })
  .map(({ kras, krasVariant, nras, braf, mmr, her2, dpd, ...rest }) => ({
    ...rest,
    ageYears: null,
    mCategory: mCategoryOf(rest.metastases),
    biomarkers: { kras, krasVariant: kras === 'mutant' ? krasVariant : null, nras, braf, mmr, her2, dpd },
  }));
