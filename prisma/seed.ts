/**
 * Demo data: a user per role (passwords in the README); a colorectal board with stage IV rectal
 * cases covering that pathway's main branches, resected colon cancer stage II/III (the colon
 * pathway) and rectal cancer stage II/III (board-authored plans); a thoracic board whose lung
 * cases no pathway covers; and an upcoming meeting of each board with its agenda.
 * Idempotent: every record is found by its natural key (e-mail, board name, MRN, case
 * reference) and created only when missing, so re-running changes nothing.
 */
import 'reflect-metadata';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type CaseStatus, type Prisma, type Role, type Specialty } from '@prisma/client';
import {
  COLON_STAGE_I_III_PATHWAY_ID,
  coreFromRectalFacts,
  RECTAL_STAGE_IV_PATHWAY_ID,
  type BiomarkerResult,
  type CaseCore,
  type CaseFacts,
  type EcogScore,
  type PatientCondition,
  type PrimaryCancer,
  type RasStatus,
  type TnmCategories,
} from '@consilium/pathway';
import { loadConfigFromEnvironment } from '@consilium/config';
import { hashPassword } from '../apps/api/src/auth/password.hasher';

export const DEMO_BOARD_NAME = 'Colorectal MDT';
export const THORACIC_BOARD_NAME = 'Thoracic MDT';

interface DemoUser {
  email: string;
  displayName: string;
  roles: Role[];
  specialty?: Specialty;
  password: string;
  allBoardsAccess?: boolean;
}

/** Demo accounts. Documented in the README; never use them outside a demo. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: 'admin@consilium.demo',
    displayName: 'Ada Admin',
    roles: ['ADMIN'],
    password: 'Demo-Admin-Passw0rd',
    allBoardsAccess: true,
  },
  {
    email: 'coordinator@consilium.demo',
    displayName: 'Cora Coordinator',
    roles: ['COORDINATOR'],
    password: 'Demo-Coordinator-Passw0rd',
  },
  {
    email: 'auditor@consilium.demo',
    displayName: 'Aldo Auditor',
    roles: ['AUDITOR'],
    password: 'Demo-Auditor-Passw0rd',
  },
  {
    email: 'surgeon@consilium.demo',
    displayName: 'Dr. Sam Surgeon',
    roles: ['CLINICIAN'],
    specialty: 'COLORECTAL_SURGERY',
    password: 'Demo-Clinician-Passw0rd',
  },
  {
    email: 'hpb@consilium.demo',
    displayName: 'Dr. Hana Hepato',
    roles: ['CLINICIAN'],
    specialty: 'HEPATOBILIARY_SURGERY',
    password: 'Demo-Clinician-Passw0rd',
  },
  {
    email: 'oncologist@consilium.demo',
    displayName: 'Dr. Olga Oncologist',
    roles: ['CLINICIAN'],
    specialty: 'MEDICAL_ONCOLOGY',
    password: 'Demo-Clinician-Passw0rd',
  },
  {
    email: 'radiotherapist@consilium.demo',
    displayName: 'Dr. Ravi Radiotherapist',
    roles: ['CLINICIAN'],
    specialty: 'RADIATION_ONCOLOGY',
    password: 'Demo-Clinician-Passw0rd',
  },
  {
    email: 'radiologist@consilium.demo',
    displayName: 'Dr. Rosa Radiologist',
    roles: ['CLINICIAN'],
    specialty: 'RADIOLOGY',
    password: 'Demo-Clinician-Passw0rd',
  },
  {
    email: 'pathologist@consilium.demo',
    displayName: 'Dr. Paul Pathologist',
    roles: ['CLINICIAN'],
    specialty: 'PATHOLOGY',
    password: 'Demo-Clinician-Passw0rd',
  },
];

interface CaseSeed {
  reference: string;
  /** Days between the referral and the seeding (reports show referral-to-discussion times). */
  referredDaysAgo: number;
  patient: Omit<Prisma.PatientCreateInput, 'cases'>;
  questionForBoard: string;
  lastImagingDate?: string;
  status: CaseStatus;
  /** The case core (condition.ageYears is derived from the birth date, never stored). */
  core: CaseCore;
  /** The pathway's extra facts with its id; null: no pathway, the board authors the plan. */
  pathwayFacts: ({ pathwayId: string } & Record<string, unknown>) | null;
}

type RectalSeed = Omit<CaseSeed, 'core' | 'pathwayFacts'> & { facts: Omit<CaseFacts, 'ageYears'> };

const condition = (
  ecog: EcogScore,
  creatinineClearanceMlMin: number,
  extra: Partial<PatientCondition> = {},
): PatientCondition => ({
  ageYears: null,
  ecog,
  fitForIntensiveTreatment: ecog <= 1,
  comorbidities: [],
  creatinineClearanceMlMin,
  preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
  symptoms: [],
  symptomNotes: null,
  ...extra,
});
const marker = (
  name: string,
  result: string,
  variant: string | null = null,
  method: string | null = null,
): BiomarkerResult => ({ marker: name, result, variant, method, date: null });
const biomarkers = (
  kras: RasStatus,
  nras: RasStatus,
  braf: CaseFacts['biomarkers']['braf'],
  mmr: CaseFacts['biomarkers']['mmr'],
  her2: CaseFacts['biomarkers']['her2'],
  dpd: CaseFacts['biomarkers']['dpd'],
  krasVariant: string | null = null,
): CaseFacts['biomarkers'] => ({ kras, krasVariant, nras, braf, mmr, her2, dpd });
const rectalFacts = (
  facts: Pick<
    CaseFacts,
    | 'tCategory'
    | 'nCategory'
    | 'mCategory'
    | 'distanceFromAnalVergeCm'
    | 'mesorectalFasciaThreatened'
    | 'metastases'
    | 'ecog'
    | 'creatinineClearanceMlMin'
    | 'biomarkers'
  > &
    Partial<CaseFacts>,
): Omit<CaseFacts, 'ageYears'> => ({
  fitForIntensiveTreatment: facts.ecog !== null && facts.ecog <= 1,
  comorbidities: [],
  preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
  symptoms: { bleeding: false, obstruction: false, pain: false },
  ...facts,
});

/**
 * Stage IV rectal cases, one per main branch of the rectal pathway, written in that pathway's
 * own vocabulary and turned into the case core by its adapter (as the migration does).
 */
const RECTAL_STAGE_IV_CASES: readonly RectalSeed[] = [
  {
    reference: 'CRC-DEMO-0001',
    referredDaysAgo: 14,
    patient: {
      mrn: 'DEMO-100001',
      givenName: 'Maria',
      familyName: 'Example',
      birthDate: new Date('1962-03-14'),
      sex: 'FEMALE',
    },
    questionForBoard: 'Resectable liver oligometastases: SCRT then chemotherapy and staged resection?',
    lastImagingDate: '2026-11-10',
    facts: rectalFacts({
      tCategory: 'T3',
      nCategory: 'N1',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 7,
      mesorectalFasciaThreatened: false,
      ecog: 0,
      creatinineClearanceMlMin: 95,
      biomarkers: biomarkers('wild-type', 'wild-type', 'wild-type', 'pMMR', 'negative', 'normal'),
      metastases: [{ site: 'liver', count: 2, resectability: 'resectable' }],
    }),
    status: 'SCHEDULED',
  },
  {
    reference: 'CRC-DEMO-0002',
    referredDaysAgo: 6,
    patient: {
      mrn: 'DEMO-100002',
      givenName: 'Jonas',
      familyName: 'Sample',
      birthDate: new Date('1958-07-02'),
      sex: 'MALE',
    },
    questionForBoard: 'Potentially resectable liver disease: conversion chemotherapy first or SCRT first?',
    lastImagingDate: '2026-11-12',
    facts: rectalFacts({
      tCategory: 'T4a',
      nCategory: 'N2',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 4,
      mesorectalFasciaThreatened: true,
      ecog: 1,
      creatinineClearanceMlMin: 80,
      biomarkers: biomarkers('mutant', 'wild-type', 'wild-type', 'pMMR', 'unknown', 'unknown', 'G12D'),
      metastases: [{ site: 'liver', count: 6, resectability: 'potentially-resectable' }],
    }),
    status: 'REFERRED',
  },
  {
    reference: 'CRC-DEMO-0003',
    referredDaysAgo: 9,
    patient: {
      mrn: 'DEMO-100003',
      givenName: 'Eva',
      familyName: 'Placeholder',
      birthDate: new Date('1970-11-23'),
      sex: 'FEMALE',
    },
    questionForBoard: 'Unresectable liver and lung metastases: first-line systemic therapy choice?',
    facts: rectalFacts({
      tCategory: 'T3',
      nCategory: 'N2',
      mCategory: 'M1b',
      distanceFromAnalVergeCm: 10,
      mesorectalFasciaThreatened: false,
      ecog: 1,
      creatinineClearanceMlMin: 70,
      biomarkers: biomarkers('wild-type', 'wild-type', 'V600E', 'pMMR', 'negative', 'normal'),
      metastases: [
        { site: 'liver', count: 12, resectability: 'unresectable' },
        { site: 'lung', count: 4, resectability: 'unresectable' },
      ],
    }),
    status: 'REFERRED',
  },
  {
    reference: 'CRC-DEMO-0004',
    referredDaysAgo: 21,
    patient: {
      mrn: 'DEMO-100004',
      givenName: 'Karl',
      familyName: 'Fictional',
      birthDate: new Date('1955-01-30'),
      sex: 'MALE',
    },
    questionForBoard: 'dMMR with liver metastases: first-line immunotherapy?',
    lastImagingDate: '2026-11-05',
    facts: rectalFacts({
      tCategory: 'T3',
      nCategory: 'N1',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 8,
      mesorectalFasciaThreatened: false,
      ecog: 1,
      creatinineClearanceMlMin: 85,
      biomarkers: biomarkers('wild-type', 'wild-type', 'wild-type', 'dMMR', 'negative', 'normal'),
      metastases: [{ site: 'liver', count: 3, resectability: 'potentially-resectable' }],
    }),
    status: 'SCHEDULED',
  },
  {
    reference: 'CRC-DEMO-0005',
    referredDaysAgo: 3,
    patient: {
      mrn: 'DEMO-100005',
      givenName: 'Greta',
      familyName: 'Testperson',
      birthDate: new Date('1939-05-09'),
      sex: 'FEMALE',
    },
    questionForBoard: 'Bleeding low rectal primary, peritoneal disease, poor performance status: palliation?',
    facts: rectalFacts({
      tCategory: 'T4b',
      nCategory: 'N2',
      mCategory: 'M1c',
      distanceFromAnalVergeCm: 3,
      mesorectalFasciaThreatened: true,
      ecog: 3,
      creatinineClearanceMlMin: 28,
      comorbidities: ['heart failure NYHA III', 'type 2 diabetes'],
      symptoms: { bleeding: true, obstruction: false, pain: false },
      biomarkers: biomarkers('unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown'),
      metastases: [{ site: 'peritoneum', count: 5, resectability: 'unresectable' }],
    }),
    status: 'REFERRED',
  },
  {
    reference: 'CRC-DEMO-0006',
    referredDaysAgo: 10,
    patient: {
      mrn: 'DEMO-100006',
      givenName: 'Lukas',
      familyName: 'Demoperson',
      birthDate: new Date('1966-09-18'),
      sex: 'MALE',
    },
    questionForBoard: 'Single resectable lung metastasis, upper rectal primary: local treatment of both?',
    lastImagingDate: '2026-11-16',
    facts: rectalFacts({
      tCategory: 'T3',
      nCategory: 'N0',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 12,
      mesorectalFasciaThreatened: false,
      ecog: 0,
      creatinineClearanceMlMin: 90,
      biomarkers: biomarkers('wild-type', 'wild-type', 'wild-type', 'pMMR', 'negative', 'normal'),
      metastases: [{ site: 'lung', count: 1, resectability: 'resectable' }],
    }),
    // Worked up and waiting for a slot: the case a coordinator puts on the next agenda.
    status: 'READY',
  },
];

const primary = (
  siteCode: string,
  topographyCode: string,
  morphologyCode: string,
  histologyText: string,
  diagnosisDate: string,
  laterality: PrimaryCancer['laterality'] = null,
): PrimaryCancer => ({ siteCode, topographyCode, morphologyCode, histologyText, laterality, diagnosisDate });
const tnm = (t: TnmCategories['t'], n: TnmCategories['n'], m: TnmCategories['m']): TnmCategories => ({
  t,
  n,
  m,
  afterTherapy: false,
});
const colonFacts = (surgeryDate: string, extra: Record<string, unknown>) => ({
  pathwayId: COLON_STAGE_I_III_PATHWAY_ID,
  surgeryDate,
  lymphNodesExamined: 18,
  grade: 'G2',
  lymphovascularInvasion: false,
  perineuralInvasion: false,
  obstructionAtPresentation: false,
  perforation: false,
  preoperativeCeaNgMl: 2.1,
  ceaUpperLimitNgMl: 5,
  colonFullyVisualisedPreoperatively: true,
  peripheralNeuropathy: false,
  ...extra,
});

/**
 * The rest of a colorectal board's week: resected colon cancer stage II and III (the colon
 * pathway drafts the adjuvant decision) and rectal cancer stage II/III (no pathway yet: the board
 * authors the plan).
 */
const COLORECTAL_CASES: readonly CaseSeed[] = [
  {
    reference: 'CRC-DEMO-0007',
    referredDaysAgo: 5,
    patient: {
      mrn: 'DEMO-100007',
      givenName: 'Nora',
      familyName: 'Specimen',
      birthDate: new Date('1961-04-21'),
      sex: 'FEMALE',
    },
    questionForBoard: 'Resected sigmoid cancer pT3 N1b: adjuvant CAPOX, 3 or 6 months?',
    lastImagingDate: '2026-11-02',
    core: {
      primary: primary('C18.7', 'C18.7', '8140/3', 'adenocarcinoma, moderately differentiated', '2026-10-01'),
      staging: {
        edition: 'UICC-8',
        clinical: tnm('T3', 'N1', 'M0'),
        pathological: tnm('T3', 'N1b', 'M0'),
        stageGroup: 'IIIB',
      },
      metastases: [],
      condition: condition(0, 88),
      biomarkers: [
        marker('MMR', 'pMMR', null, 'IHC'),
        marker('DPD', 'normal', null, 'genotype'),
        marker('KRAS', 'mutant', 'G12V', 'NGS'),
      ],
    },
    pathwayFacts: colonFacts('2026-11-09', {}),
    status: 'READY',
  },
  {
    reference: 'CRC-DEMO-0008',
    referredDaysAgo: 4,
    patient: {
      mrn: 'DEMO-100008',
      givenName: 'Otto',
      familyName: 'Mockup',
      birthDate: new Date('1953-12-02'),
      sex: 'MALE',
    },
    questionForBoard: 'Resected right colon cancer pT4a N0 with 9 nodes examined: adjuvant chemotherapy?',
    lastImagingDate: '2026-11-04',
    core: {
      primary: primary('C18.2', 'C18.2', '8140/3', 'adenocarcinoma', '2026-10-08'),
      staging: { edition: 'UICC-8', clinical: null, pathological: tnm('T4a', 'N0', 'M0'), stageGroup: 'IIB' },
      metastases: [],
      condition: condition(1, 72, { comorbidities: [{ code: 'I10', text: 'essential hypertension' }] }),
      // DPD (DPYD) genotype still awaited: the case waits for it before the board.
      biomarkers: [marker('MMR', 'pMMR', null, 'IHC')],
    },
    pathwayFacts: colonFacts('2026-11-12', { lymphNodesExamined: 9 }),
    status: 'REFERRED',
  },
  {
    reference: 'CRC-DEMO-0009',
    referredDaysAgo: 7,
    patient: {
      mrn: 'DEMO-100009',
      givenName: 'Petra',
      familyName: 'Modelcase',
      birthDate: new Date('1968-02-11'),
      sex: 'FEMALE',
    },
    questionForBoard: 'Mid rectal cancer cT3b N1 M0, MRF clear: short-course RT or chemoradiotherapy, or TNT?',
    lastImagingDate: '2026-11-15',
    core: {
      primary: primary('C20', 'C20.9', '8140/3', 'adenocarcinoma', '2026-11-01'),
      staging: { edition: 'UICC-8', clinical: tnm('T3b', 'N1', 'M0'), pathological: null, stageGroup: 'IIIB' },
      metastases: [],
      condition: condition(0, 101),
      biomarkers: [marker('MMR', 'pMMR', null, 'IHC')],
    },
    pathwayFacts: null,
    status: 'READY',
  },
  {
    reference: 'CRC-DEMO-0010',
    referredDaysAgo: 2,
    patient: {
      mrn: 'DEMO-100010',
      givenName: 'Rolf',
      familyName: 'Dummy',
      birthDate: new Date('1949-08-30'),
      sex: 'MALE',
    },
    // Staging MRI not yet reported: the imaging date is still missing.
    questionForBoard: 'Upper rectal cancer cT3a N0: primary surgery (TME)?',
    core: {
      primary: primary('C20', 'C20.9', '8140/3', 'adenocarcinoma', '2026-11-10'),
      staging: { edition: 'UICC-8', clinical: tnm('T3a', 'N0', 'M0'), pathological: null, stageGroup: 'IIA' },
      metastases: [],
      condition: condition(1, 64),
      biomarkers: [],
    },
    pathwayFacts: null,
    status: 'REFERRED',
  },
];

/** A second board with cases no pathway covers: the board writes every plan. */
const THORACIC_CASES: readonly CaseSeed[] = [
  {
    reference: 'THX-DEMO-0001',
    referredDaysAgo: 6,
    patient: {
      mrn: 'DEMO-200001',
      givenName: 'Sofia',
      familyName: 'Exemplar',
      birthDate: new Date('1959-06-17'),
      sex: 'FEMALE',
    },
    questionForBoard:
      'Right upper lobe adenocarcinoma cT2a N2 M0, EGFR exon 19 deletion: definitive chemoradiotherapy or surgery after induction?',
    lastImagingDate: '2026-11-13',
    core: {
      primary: primary('C34.1', 'C34.1', '8140/3', 'adenocarcinoma, acinar predominant', '2026-10-28', 'right'),
      staging: { edition: 'UICC-8', clinical: tnm('T2a', 'N2', 'M0'), pathological: null, stageGroup: 'IIIA' },
      metastases: [],
      condition: condition(1, 90, { comorbidities: [{ code: 'J44.9', text: 'COPD, FEV1 62%' }] }),
      biomarkers: [
        marker('EGFR', 'mutant', 'exon 19 deletion', 'NGS'),
        marker('ALK', 'negative', null, 'IHC'),
        marker('PDL1_TPS', '30%', null, 'IHC'),
      ],
    },
    pathwayFacts: null,
    status: 'SCHEDULED',
  },
  {
    reference: 'THX-DEMO-0002',
    referredDaysAgo: 3,
    patient: {
      mrn: 'DEMO-200002',
      givenName: 'Tomas',
      familyName: 'Pretend',
      birthDate: new Date('1951-10-05'),
      sex: 'MALE',
    },
    questionForBoard: 'Left lower lobe squamous cell carcinoma cT1c N0 M0, poor lung function: SBRT?',
    lastImagingDate: '2026-11-19',
    core: {
      primary: primary('C34.3', 'C34.3', '8070/3', 'squamous cell carcinoma', '2026-11-12', 'left'),
      staging: { edition: 'UICC-8', clinical: tnm('T1c', 'N0', 'M0'), pathological: null, stageGroup: 'IA3' },
      metastases: [],
      condition: condition(2, 58, { comorbidities: [{ code: 'J44.1', text: 'COPD with exacerbations' }] }),
      biomarkers: [marker('PDL1_TPS', '5%', null, 'IHC')],
    },
    pathwayFacts: null,
    status: 'READY',
  },
];

/** The rectal stage IV seeds in the case core shape (the pathway's adapter, as for migrated cases). */
const rectalCaseSeed = ({ facts, ...rest }: RectalSeed): CaseSeed => {
  const { core, extra } = coreFromRectalFacts({ ...facts, ageYears: null });
  return { ...rest, core, pathwayFacts: { pathwayId: RECTAL_STAGE_IV_PATHWAY_ID, ...extra } };
};

/** The demo boards and their cases. */
const DEMO_BOARDS = [
  {
    name: DEMO_BOARD_NAME,
    description: 'Weekly colorectal multidisciplinary team meeting',
    requiredSpecialties: [
      'COLORECTAL_SURGERY',
      'MEDICAL_ONCOLOGY',
      'RADIATION_ONCOLOGY',
      'RADIOLOGY',
      'PATHOLOGY',
    ] as Specialty[],
    caseReferencePrefix: 'CRC',
    videoLink: 'https://video.example.org/colorectal-mdt',
    members: DEMO_USERS.filter((demo) => !demo.allBoardsAccess).map((demo) => demo.email),
    meetingHourOffset: 0,
    cases: [...RECTAL_STAGE_IV_CASES.map(rectalCaseSeed), ...COLORECTAL_CASES],
  },
  {
    name: THORACIC_BOARD_NAME,
    description:
      'Weekly thoracic oncology multidisciplinary team meeting (no pathway engine: the board authors each plan)',
    requiredSpecialties: ['MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY', 'PATHOLOGY'] as Specialty[],
    caseReferencePrefix: 'THX',
    videoLink: 'https://video.example.org/thoracic-mdt',
    // No colorectal or liver surgeon at the thoracic board.
    members: DEMO_USERS.filter(
      (demo) =>
        !demo.allBoardsAccess && demo.specialty !== 'COLORECTAL_SURGERY' && demo.specialty !== 'HEPATOBILIARY_SURGERY',
    ).map((demo) => demo.email),
    // An hour after the colorectal meeting, so "the next meeting" of the demo stays the colorectal one.
    meetingHourOffset: 1,
    cases: [...THORACIC_CASES],
  },
] as const;

/** The next weekday at 16:00 UTC at least two days after `now`. */
export function nextMeetingSlot(now: Date): Date {
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 16, 0, 0));
  while (slot.getUTCDay() === 0 || slot.getUTCDay() === 6) slot.setUTCDate(slot.getUTCDate() + 1);
  return slot;
}

export interface SeedSummary {
  users: number;
  cases: number;
  /** The colorectal board's upcoming meeting. */
  meetingId: string;
  /** Each demo board's upcoming meeting. */
  meetingIds: string[];
  created: number;
}

export async function seedDemo(prisma: PrismaClient, now: Date = new Date()): Promise<SeedSummary> {
  let created = 0;
  const hashes = new Map<string, Promise<string>>();
  const hashOnce = (password: string): Promise<string> => {
    let pending = hashes.get(password);
    if (!pending) {
      pending = hashPassword(password);
      hashes.set(password, pending);
    }
    return pending;
  };

  const users = new Map<string, string>();
  for (const demo of DEMO_USERS) {
    let user = await prisma.user.findUnique({ where: { email: demo.email } });
    if (!user) {
      user = await prisma.user.create({
        data: {
          email: demo.email,
          displayName: demo.displayName,
          roles: demo.roles,
          specialty: demo.specialty ?? null,
          passwordHash: await hashOnce(demo.password),
          allBoardsAccess: demo.allBoardsAccess ?? false,
        },
      });
      created += 1;
    }
    users.set(demo.email, user.id);
  }

  const coordinatorId = users.get('coordinator@consilium.demo') as string;
  const caseIds: string[] = [];
  const meetingIds: string[] = [];
  for (const demoBoard of DEMO_BOARDS) {
    let board = await prisma.board.findUnique({ where: { name: demoBoard.name } });
    if (!board) {
      board = await prisma.board.create({
        data: {
          name: demoBoard.name,
          description: demoBoard.description,
          requiredSpecialties: [...demoBoard.requiredSpecialties],
          caseReferencePrefix: demoBoard.caseReferencePrefix,
        },
      });
      created += 1;
    }
    const boardId = board.id;
    const memberships = await prisma.boardMember.createMany({
      data: demoBoard.members.map((email) => ({ boardId, userId: users.get(email) as string })),
      skipDuplicates: true,
    });
    created += memberships.count;

    const boardCaseIds: string[] = [];
    for (const seed of demoBoard.cases) {
      const existing = await prisma.case.findUnique({ where: { reference: seed.reference } });
      if (existing) {
        boardCaseIds.push(existing.id);
        continue;
      }
      const { patient: patientData, reference, referredDaysAgo, core, pathwayFacts, lastImagingDate, ...rest } = seed;
      const { pathwayId, ...extra } = pathwayFacts ?? { pathwayId: null };
      const caseId = await prisma.$transaction(async (tx) => {
        const patient = await tx.patient.upsert({ where: { mrn: patientData.mrn }, update: {}, create: patientData });
        const row = await tx.case.create({
          data: {
            ...rest,
            core: core as unknown as Prisma.InputJsonValue,
            siteCode: core.primary.siteCode,
            pathwayId,
            ...(pathwayId === null ? {} : { pathwayFacts: extra as Prisma.InputJsonValue }),
            lastImagingDate: lastImagingDate === undefined ? null : new Date(`${lastImagingDate}T00:00:00Z`),
            reference,
            referredAt: new Date(now.getTime() - referredDaysAgo * 86_400_000),
            patientId: patient.id,
            boardId,
            createdById: coordinatorId,
            referringClinicianId: users.get('oncologist@consilium.demo') ?? null,
          },
        });
        return row.id;
      });
      boardCaseIds.push(caseId);
      created += 1;
    }
    caseIds.push(...boardCaseIds);

    let meeting = await prisma.meeting.findFirst({
      where: { boardId, status: 'PLANNED', startsAt: { gt: now } },
      orderBy: { startsAt: 'asc' },
    });
    if (!meeting) {
      const newMeeting = await prisma.meeting.create({
        data: {
          boardId,
          title: demoBoard.name,
          startsAt: new Date(nextMeetingSlot(now).getTime() + demoBoard.meetingHourOffset * 3_600_000),
          durationMinutes: demoBoard.meetingHourOffset === 0 ? 90 : 60,
          location: 'Tumor board room 2 / video',
          videoLink: demoBoard.videoLink,
          requiredSpecialties: board.requiredSpecialties,
          chairId: users.get('oncologist@consilium.demo') ?? null,
        },
      });
      created += 1;
      // The scheduled demo cases sit on the agenda of the upcoming meeting.
      const scheduledIds = boardCaseIds.filter((_, index) => demoBoard.cases[index]?.status === 'SCHEDULED');
      await prisma.agendaItem.createMany({
        data: scheduledIds.map((caseId, position) => ({
          meetingId: newMeeting.id,
          caseId,
          position,
          minutesAllotted: 10,
        })),
      });
      meeting = newMeeting;
    }
    meetingIds.push(meeting.id);
  }

  return { users: users.size, cases: caseIds.length, meetingId: meetingIds[0] as string, meetingIds, created };
}

async function main(): Promise<void> {
  const config = loadConfigFromEnvironment();
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: config.databaseUrl, connectionTimeoutMillis: 5_000 }),
  });
  try {
    const summary = await seedDemo(prisma);
    console.log(
      `demo data: ${summary.users} users, ${summary.cases} cases, upcoming meeting ${summary.meetingId} (${summary.created} records created)`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
