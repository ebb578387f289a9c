/**
 * Demo data: one colorectal board, a user per role (passwords in the README), a few stage IV
 * rectal cases covering the pathway's main branches (one worked up and READY for an agenda),
 * and an upcoming meeting with an agenda.
 * Idempotent: every record is found by its natural key (e-mail, board name, MRN, case
 * reference) and created only when missing, so re-running changes nothing.
 */
import 'reflect-metadata';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  PrismaClient,
  type Prisma,
  type Role,
  type Specialty,
} from '@prisma/client';
import { loadConfigFromEnvironment } from '@consilium/config';
import { hashPassword } from '../apps/api/src/auth/password.hasher';

export const DEMO_BOARD_NAME = 'Colorectal MDT';

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
  { email: 'admin@consilium.demo', displayName: 'Ada Admin', roles: ['ADMIN'], password: 'Demo-Admin-Passw0rd', allBoardsAccess: true },
  { email: 'coordinator@consilium.demo', displayName: 'Cora Coordinator', roles: ['COORDINATOR'], password: 'Demo-Coordinator-Passw0rd' },
  { email: 'auditor@consilium.demo', displayName: 'Aldo Auditor', roles: ['AUDITOR'], password: 'Demo-Auditor-Passw0rd' },
  { email: 'surgeon@consilium.demo', displayName: 'Dr. Sam Surgeon', roles: ['CLINICIAN'], specialty: 'COLORECTAL_SURGERY', password: 'Demo-Clinician-Passw0rd' },
  { email: 'hpb@consilium.demo', displayName: 'Dr. Hana Hepato', roles: ['CLINICIAN'], specialty: 'HEPATOBILIARY_SURGERY', password: 'Demo-Clinician-Passw0rd' },
  { email: 'oncologist@consilium.demo', displayName: 'Dr. Olga Oncologist', roles: ['CLINICIAN'], specialty: 'MEDICAL_ONCOLOGY', password: 'Demo-Clinician-Passw0rd' },
  { email: 'radiotherapist@consilium.demo', displayName: 'Dr. Ravi Radiotherapist', roles: ['CLINICIAN'], specialty: 'RADIATION_ONCOLOGY', password: 'Demo-Clinician-Passw0rd' },
  { email: 'radiologist@consilium.demo', displayName: 'Dr. Rosa Radiologist', roles: ['CLINICIAN'], specialty: 'RADIOLOGY', password: 'Demo-Clinician-Passw0rd' },
  { email: 'pathologist@consilium.demo', displayName: 'Dr. Paul Pathologist', roles: ['CLINICIAN'], specialty: 'PATHOLOGY', password: 'Demo-Clinician-Passw0rd' },
];

type CaseSeed = Omit<Prisma.CaseUncheckedCreateInput, 'patientId' | 'boardId' | 'reference' | 'referredAt'> & {
  reference: string;
  /** Days between the referral and the seeding (reports show referral-to-discussion times). */
  referredDaysAgo: number;
  patient: Omit<Prisma.PatientCreateInput, 'cases'>;
  metastases: Omit<Prisma.MetastasisCreateManyCaseInput, 'position'>[];
};

/** Fictitious patients; one per main branch of the rectal stage IV pathway. */
const DEMO_CASES: readonly CaseSeed[] = [
  {
    reference: 'CRC-DEMO-0001',
    referredDaysAgo: 14,
    patient: { mrn: 'DEMO-100001', givenName: 'Maria', familyName: 'Example', birthDate: new Date('1962-03-14'), sex: 'FEMALE' },
    questionForBoard: 'Resectable liver oligometastases: SCRT then chemotherapy and staged resection?',
    tCategory: 'T3', nCategory: 'N1', mCategory: 'M1a',
    distanceFromAnalVergeCm: 7, mesorectalFasciaThreatened: false,
    ecog: 0, fitForIntensiveTreatment: true, creatinineClearanceMlMin: 95,
    kras: 'WILD_TYPE', nras: 'WILD_TYPE', braf: 'WILD_TYPE', mmr: 'PMMR', her2: 'NEGATIVE', dpd: 'NORMAL',
    lastImagingDate: new Date('2026-11-10'),
    metastases: [{ site: 'LIVER', count: 2, resectability: 'RESECTABLE' }],
    status: 'SCHEDULED',
  },
  {
    reference: 'CRC-DEMO-0002',
    referredDaysAgo: 6,
    patient: { mrn: 'DEMO-100002', givenName: 'Jonas', familyName: 'Sample', birthDate: new Date('1958-07-02'), sex: 'MALE' },
    questionForBoard: 'Potentially resectable liver disease: conversion chemotherapy first or SCRT first?',
    tCategory: 'T4a', nCategory: 'N2', mCategory: 'M1a',
    distanceFromAnalVergeCm: 4, mesorectalFasciaThreatened: true,
    ecog: 1, fitForIntensiveTreatment: true, creatinineClearanceMlMin: 80,
    kras: 'MUTANT', krasVariant: 'G12D', nras: 'WILD_TYPE', braf: 'WILD_TYPE', mmr: 'PMMR', her2: 'UNKNOWN', dpd: 'UNKNOWN',
    lastImagingDate: new Date('2026-11-12'),
    metastases: [{ site: 'LIVER', count: 6, resectability: 'POTENTIALLY_RESECTABLE' }],
    status: 'REFERRED',
  },
  {
    reference: 'CRC-DEMO-0003',
    referredDaysAgo: 9,
    patient: { mrn: 'DEMO-100003', givenName: 'Eva', familyName: 'Placeholder', birthDate: new Date('1970-11-23'), sex: 'FEMALE' },
    questionForBoard: 'Unresectable liver and lung metastases: first-line systemic therapy choice?',
    tCategory: 'T3', nCategory: 'N2', mCategory: 'M1b',
    distanceFromAnalVergeCm: 10, mesorectalFasciaThreatened: false,
    ecog: 1, fitForIntensiveTreatment: true, creatinineClearanceMlMin: 70,
    kras: 'WILD_TYPE', nras: 'WILD_TYPE', braf: 'V600E', mmr: 'PMMR', her2: 'NEGATIVE', dpd: 'NORMAL',
    metastases: [
      { site: 'LIVER', count: 12, resectability: 'UNRESECTABLE' },
      { site: 'LUNG', count: 4, resectability: 'UNRESECTABLE' },
    ],
    status: 'REFERRED',
  },
  {
    reference: 'CRC-DEMO-0004',
    referredDaysAgo: 21,
    patient: { mrn: 'DEMO-100004', givenName: 'Karl', familyName: 'Fictional', birthDate: new Date('1955-01-30'), sex: 'MALE' },
    questionForBoard: 'dMMR with liver metastases: first-line immunotherapy?',
    tCategory: 'T3', nCategory: 'N1', mCategory: 'M1a',
    distanceFromAnalVergeCm: 8, mesorectalFasciaThreatened: false,
    ecog: 1, fitForIntensiveTreatment: true, creatinineClearanceMlMin: 85,
    kras: 'WILD_TYPE', nras: 'WILD_TYPE', braf: 'WILD_TYPE', mmr: 'DMMR', her2: 'NEGATIVE', dpd: 'NORMAL',
    lastImagingDate: new Date('2026-11-05'),
    metastases: [{ site: 'LIVER', count: 3, resectability: 'POTENTIALLY_RESECTABLE' }],
    status: 'SCHEDULED',
  },
  {
    reference: 'CRC-DEMO-0005',
    referredDaysAgo: 3,
    patient: { mrn: 'DEMO-100005', givenName: 'Greta', familyName: 'Testperson', birthDate: new Date('1939-05-09'), sex: 'FEMALE' },
    questionForBoard: 'Bleeding low rectal primary, peritoneal disease, poor performance status: palliation?',
    tCategory: 'T4b', nCategory: 'N2', mCategory: 'M1c',
    distanceFromAnalVergeCm: 3, mesorectalFasciaThreatened: true,
    ecog: 3, fitForIntensiveTreatment: false, creatinineClearanceMlMin: 28,
    comorbidities: ['heart failure NYHA III', 'type 2 diabetes'],
    symptomBleeding: true,
    kras: 'UNKNOWN', nras: 'UNKNOWN', braf: 'UNKNOWN', mmr: 'UNKNOWN', her2: 'UNKNOWN', dpd: 'UNKNOWN',
    metastases: [{ site: 'PERITONEUM', count: 5, resectability: 'UNRESECTABLE' }],
    status: 'REFERRED',
  },
  {
    reference: 'CRC-DEMO-0006',
    referredDaysAgo: 10,
    patient: { mrn: 'DEMO-100006', givenName: 'Lukas', familyName: 'Demoperson', birthDate: new Date('1966-09-18'), sex: 'MALE' },
    questionForBoard: 'Single resectable lung metastasis, upper rectal primary: local treatment of both?',
    tCategory: 'T3', nCategory: 'N0', mCategory: 'M1a',
    distanceFromAnalVergeCm: 12, mesorectalFasciaThreatened: false,
    ecog: 0, fitForIntensiveTreatment: true, creatinineClearanceMlMin: 90,
    kras: 'WILD_TYPE', nras: 'WILD_TYPE', braf: 'WILD_TYPE', mmr: 'PMMR', her2: 'NEGATIVE', dpd: 'NORMAL',
    lastImagingDate: new Date('2026-11-16'),
    metastases: [{ site: 'LUNG', count: 1, resectability: 'RESECTABLE' }],
    // Worked up and waiting for a slot: the case a coordinator puts on the next agenda.
    status: 'READY',
  },
];

/** The next weekday at 16:00 UTC at least two days after `now`. */
export function nextMeetingSlot(now: Date): Date {
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 16, 0, 0));
  while (slot.getUTCDay() === 0 || slot.getUTCDay() === 6) slot.setUTCDate(slot.getUTCDate() + 1);
  return slot;
}

export interface SeedSummary {
  users: number;
  cases: number;
  meetingId: string;
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

  let board = await prisma.board.findUnique({ where: { name: DEMO_BOARD_NAME } });
  if (!board) {
    board = await prisma.board.create({
      data: {
        name: DEMO_BOARD_NAME,
        description: 'Weekly colorectal multidisciplinary team meeting',
        requiredSpecialties: ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY', 'PATHOLOGY'],
        caseReferencePrefix: 'CRC',
      },
    });
    created += 1;
  }
  const boardId = board.id;
  const memberships = await prisma.boardMember.createMany({
    data: DEMO_USERS.filter((demo) => !demo.allBoardsAccess).map((demo) => ({ boardId, userId: users.get(demo.email) as string })),
    skipDuplicates: true,
  });
  created += memberships.count;

  const coordinatorId = users.get('coordinator@consilium.demo') as string;
  const caseIds: string[] = [];
  for (const seed of DEMO_CASES) {
    const existing = await prisma.case.findUnique({ where: { reference: seed.reference } });
    if (existing) {
      caseIds.push(existing.id);
      continue;
    }
    const { patient: patientData, metastases, reference, referredDaysAgo, ...facts } = seed;
    const caseId = await prisma.$transaction(async (tx) => {
      const patient = await tx.patient.upsert({ where: { mrn: patientData.mrn }, update: {}, create: patientData });
      const row = await tx.case.create({
        data: {
          ...facts,
          reference,
          referredAt: new Date(now.getTime() - referredDaysAgo * 86_400_000),
          patientId: patient.id,
          boardId,
          createdById: coordinatorId,
          referringClinicianId: users.get('oncologist@consilium.demo') ?? null,
          metastases: { create: metastases.map((metastasis, position) => ({ ...metastasis, position })) },
        },
      });
      return row.id;
    });
    caseIds.push(caseId);
    created += 1;
  }

  let meeting = await prisma.meeting.findFirst({
    where: { boardId, status: 'PLANNED', startsAt: { gt: now } },
    orderBy: { startsAt: 'asc' },
  });
  if (!meeting) {
    const newMeeting = await prisma.meeting.create({
      data: {
        boardId,
        title: 'Colorectal MDT',
        startsAt: nextMeetingSlot(now),
        durationMinutes: 90,
        location: 'Tumor board room 2 / video',
        videoLink: 'https://video.example.org/colorectal-mdt',
        requiredSpecialties: board.requiredSpecialties,
        chairId: users.get('oncologist@consilium.demo') ?? null,
      },
    });
    created += 1;
    // The scheduled demo cases sit on the agenda of the upcoming meeting.
    const scheduledIds = caseIds.filter((_, index) => DEMO_CASES[index]?.status === 'SCHEDULED');
    await prisma.agendaItem.createMany({
      data: scheduledIds.map((caseId, position) => ({ meetingId: newMeeting.id, caseId, position, minutesAllotted: 10 })),
    });
    meeting = newMeeting;
  }

  return { users: users.size, cases: caseIds.length, meetingId: meeting.id, created };
}

async function main(): Promise<void> {
  const config = loadConfigFromEnvironment();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl, connectionTimeoutMillis: 5_000 }) });
  try {
    const summary = await seedDemo(prisma);
    console.log(`demo data: ${summary.users} users, ${summary.cases} cases, upcoming meeting ${summary.meetingId} (${summary.created} records created)`);
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
