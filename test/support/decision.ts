import { randomUUID } from 'node:crypto';
import { rectalIntake } from './intake';
import type { PrismaClient } from '@prisma/client';
import type { CaseFacts } from '@consilium/pathway';
import { withBiomarkers } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { DEMO_BOARD_NAME } from '../../prisma/seed';
import { ifMatch, recommendationEtag, signIn, type Schemas, type UserClient } from './stack';

/** The pathway's resectable case with RAS wild-type; age comes from the patient. */
const resectableFacts = (({ ageYears: _age, ...facts }: CaseFacts) => facts)(withBiomarkers({ kras: 'wild-type' }));
/** The three specialties the decided meeting requires, and who votes for each (the pathologist dissents). */
export const DECISION_VOTERS = [
  { name: 'surgeon', choice: 'APPROVE' },
  { name: 'oncologist', choice: 'APPROVE' },
  { name: 'pathologist', choice: 'REJECT', comment: 'Chemotherapy first' },
] as const;

export interface DecidedCase {
  patientId: string;
  patientName: string;
  mrn: string;
  caseId: string;
  reference: string;
  recommendationId: string;
  meetingId: string;
  meetingTitle: string;
}

async function expectStatus<Body>(
  response: Promise<{ status: number; body: Body }>,
  expected: number,
  what: string,
): Promise<Body> {
  const answered = await response;
  if (answered.status !== expected)
    throw new Error(`${what} answered ${answered.status}, expected ${expected}: ${JSON.stringify(answered.body)}`);
  return answered.body;
}

/**
 * A board decision taken over HTTP, as the demo users take it: a new patient and case, drafted,
 * on the agenda of a meeting in session (surgery, oncology and pathology required and checked
 * in), the proposal edited twice, three votes (one dissent) and the chair's sign-off.
 */
export async function decideCase(
  apiUrl: string,
  prisma: PrismaClient,
  patient: { givenName: string; familyName: string },
): Promise<DecidedCase> {
  const boardId = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
  const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user.id]));
  const as = (name: string): Promise<UserClient> => signIn(apiUrl, name, prisma);
  const byId = (id: string) => ({ params: { path: { id } } });
  const coordinator = await as('coordinator');
  const meetingTitle = `Provenance MDT ${randomUUID().slice(0, 6)}`;
  const meeting = await prisma.meeting.create({
    data: {
      boardId,
      title: meetingTitle,
      startsAt: new Date(Date.now() - 5 * 60_000),
      chairId: users.get('oncologist')!,
      requiredSpecialties: ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'PATHOLOGY'],
    },
  });
  const mrn = `PV-${randomUUID().slice(0, 8).toUpperCase()}`;
  const created = await expectStatus(
    coordinator.post('/patients', { body: { mrn, ...patient, birthDate: '1961-04-12', sex: 'FEMALE' } }),
    201,
    'POST /patients',
  );
  const caseBody = await expectStatus(
    coordinator.post('/cases', {
      body: {
        patientId: created.id,
        boardId,
        questionForBoard: 'Sequence?',
        lastImagingDate: '2026-11-10',
        ...rectalIntake(resectableFacts),
      },
    }),
    201,
    'POST /cases',
  );
  await expectStatus(
    coordinator.post('/cases/{id}/status', { ...byId(caseBody.id), body: { status: 'READY' } }),
    200,
    'READY',
  );
  // Becoming READY drafted the case: its one draft (v1) is the one the board discusses.
  const [draft] = await expectStatus(coordinator.get('/cases/{id}/recommendations', byId(caseBody.id)), 200, 'drafts');
  if (draft === undefined) throw new Error('READY did not draft the case');
  await expectStatus(
    coordinator.post('/meetings/{id}/agenda', {
      ...byId(meeting.id),
      body: { caseId: caseBody.id, minutesAllotted: 10 },
    }),
    201,
    'agenda',
  );
  for (const { name } of DECISION_VOTERS)
    await expectStatus(
      coordinator.post('/meetings/{id}/attendance', {
        ...byId(meeting.id),
        body: { userId: users.get(name)! },
      }),
      200,
      `check-in ${name}`,
    );

  const oncologist = await as('oncologist');
  const steps = ['SCRT 5x5 Gy', 'FOLFOX + panitumumab from day 11-18', 'Response evaluation at 6-8 weeks'];
  const proposal: Schemas['ProposalDto'] = {
    meetingId: meeting.id,
    branch: 'resectable-oligometastatic',
    intent: 'curative',
    steps,
    regimens: ['FOLFOX', 'PANITUMUMAB'],
    rationale: 'Fit patient, resectable liver oligometastases',
  };
  for (const body of [proposal, { ...proposal, steps: [...steps, 'Staged resection'] }]) {
    await expectStatus(
      oncologist.put('/recommendations/{id}/proposal', {
        params: ifMatch(draft.id, await recommendationEtag(oncologist, draft.id)),
        body,
      }),
      200,
      'proposal',
    );
  }
  for (const vote of DECISION_VOTERS) {
    const { name, ...body } = vote;
    await expectStatus(
      (name === 'oncologist' ? oncologist : await as(name)).post('/recommendations/{id}/votes', {
        ...byId(draft.id),
        body,
      }),
      201,
      `vote ${name}`,
    );
  }
  await expectStatus(
    oncologist.post('/recommendations/{id}/sign-off', { ...byId(draft.id), body: {} }),
    200,
    'sign-off',
  );
  return {
    patientId: created.id,
    patientName: `${patient.givenName} ${patient.familyName}`,
    mrn,
    caseId: caseBody.id,
    reference: caseBody.reference,
    recommendationId: draft.id,
    meetingId: meeting.id,
    meetingTitle,
  };
}
