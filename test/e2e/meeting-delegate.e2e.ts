import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import type { CaseFacts } from '@consilium/pathway';
import { withBiomarkers } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { call, login, recommendationIfMatch } from '../support/auth';
import { testConfig } from '../support/config';
import { rectalIntake } from '../support/intake';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

interface Problem {
  message?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}
interface Meeting {
  id: string;
  version: number;
  delegateId: string | null;
  delegateName: string | null;
}
interface ReportLink {
  kind: string;
  title: string;
  url: string;
  date: string | null;
}

const resectableFacts = (({ ageYears: _age, ...facts }: CaseFacts) => facts)(withBiomarkers({ kras: 'wild-type' }));
const fields = (body: unknown): string[] => ((body as Problem).errors ?? []).map((error) => error.field).sort();
const textOf = (body: unknown): string => JSON.stringify(body);

/**
 * Issue 20: "only the chair (or a delegate the chair names) edits the proposal", and the links to
 * the imaging and pathology reports a case presentation shows. Over HTTP against a real API and
 * PostgreSQL.
 */
describe("the chair's delegate and the report links (issue 20)", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let boardId: string;
  let meetingId: string;
  let recommendationId: string;
  let caseId: string;
  let outsiderId: string;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};

  async function meetingIfMatch(token = tokens.coordinator!): Promise<{ 'if-match': string }> {
    const found = await call(api.url, 'GET', `/meetings/${meetingId}`, { token });
    return { 'if-match': found.headers.get('etag')! };
  }

  async function nameDelegate(
    token: string,
    userId: string | null,
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    return call(api.url, 'PUT', `/meetings/${meetingId}/delegate`, {
      token,
      body: { userId },
      headers: await meetingIfMatch(),
    });
  }

  function proposal(step: string): Record<string, unknown> {
    return {
      meetingId,
      branch: 'resectable-oligometastatic',
      intent: 'curative',
      steps: ['SCRT 5x5 Gy', step],
      regimens: ['FOLFOX'],
      rationale: 'Fit patient',
    };
  }

  async function propose(token: string, step: string): Promise<{ status: number; body: unknown }> {
    return call(api.url, 'PUT', `/recommendations/${recommendationId}/proposal`, {
      token,
      body: proposal(step),
      headers: await recommendationIfMatch(api.url, recommendationId, token),
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase('meeting_delegate');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    boardId = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
    const otherBoard = await prisma.board.create({
      data: { name: 'Thoracic MDT (delegate test)', requiredSpecialties: ['MEDICAL_ONCOLOGY'] },
    });
    outsiderId = (
      await prisma.user.create({
        data: {
          email: 'other-board@consilium.demo',
          displayName: 'Dr. Other Board',
          roles: ['CLINICIAN'],
          specialty: 'MEDICAL_ONCOLOGY',
          memberships: { create: { boardId: otherBoard.id } },
        },
      })
    ).id;
    api = await startApi(testConfig({ DATABASE_URL: database.url }));
    tokens.coordinator = (await login(api.url, 'coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd')).accessToken;
    for (const name of ['oncologist', 'surgeon', 'pathologist'])
      tokens[name] = (await login(api.url, `${name}@consilium.demo`, 'Demo-Clinician-Passw0rd')).accessToken;
    for (const user of await prisma.user.findMany()) userIds[user.email.split('@')[0]!] = user.id;

    // A meeting in session chaired by the oncologist, with one drafted case on its agenda.
    meetingId = (
      await prisma.meeting.create({
        data: {
          boardId,
          title: `Delegate MDT ${randomUUID().slice(0, 6)}`,
          startsAt: new Date(Date.now() - 5 * 60_000),
          chairId: userIds.oncologist!,
          requiredSpecialties: ['MEDICAL_ONCOLOGY'],
        },
      })
    ).id;
    const patient = await call(api.url, 'POST', '/patients', {
      token: tokens.coordinator,
      body: {
        mrn: `DL-${randomUUID().slice(0, 8)}`,
        givenName: 'Dana',
        familyName: 'Delegate',
        birthDate: '1961-04-12',
        sex: 'FEMALE',
      },
    });
    expect(patient.status).toBe(201);
    const created = await call(api.url, 'POST', '/cases', {
      token: tokens.coordinator,
      body: {
        patientId: (patient.body as { id: string }).id,
        boardId,
        questionForBoard: 'Sequence?',
        lastImagingDate: '2026-11-10',
        ...rectalIntake(resectableFacts),
      },
    });
    expect(created.status).toBe(201);
    caseId = (created.body as { id: string }).id;
    expect(
      (await call(api.url, 'POST', `/cases/${caseId}/status`, { token: tokens.coordinator, body: { status: 'READY' } }))
        .status,
    ).toBe(200);
    const drafts = await call(api.url, 'GET', `/cases/${caseId}/recommendations`, { token: tokens.coordinator });
    recommendationId = (drafts.body as { id: string }[])[0]!.id;
    expect(
      (await call(api.url, 'POST', `/meetings/${meetingId}/agenda`, { token: tokens.coordinator, body: { caseId } }))
        .status,
    ).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('lets the chair name a delegate who edits the proposal; others get 403 naming the rule; removing takes it away', async () => {
    // Before any delegate: the surgeon is refused, and the answer names the rule.
    const before = await propose(tokens.surgeon!, 'Staged liver resection');
    expect(before.status).toBe(403);
    expect(textOf(before.body)).toContain(
      "only the meeting's chair (or the delegate the chair names) edits the proposal",
    );

    // The chair names the surgeon: audited in the same change, the meeting's version moves on.
    const versionBefore = (await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).version;
    const named = await nameDelegate(tokens.oncologist!, userIds.surgeon!);
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({
      delegateId: userIds.surgeon,
      delegateName: 'Dr. Sam Surgeon',
      version: versionBefore + 1,
    });
    expect(named.headers.get('etag')).toBe(`"m${versionBefore + 1}"`);
    const audit = await prisma.auditEvent.findMany({ where: { type: 'meeting.delegate', entityId: meetingId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: userIds.oncologist,
      changes: { delegateId: { old: null, new: userIds.surgeon } },
    });
    // The agenda (meeting mode's one read) says who may edit.
    const agenda = await call(api.url, 'GET', `/meetings/${meetingId}/agenda`, { token: tokens.pathologist });
    expect((agenda.body as { meeting: Meeting }).meeting).toMatchObject({
      delegateId: userIds.surgeon,
      delegateName: 'Dr. Sam Surgeon',
    });

    // The delegate edits the proposal; the stored plan is theirs.
    const edited = await propose(tokens.surgeon!, 'Staged liver resection');
    expect(edited.status).toBe(200);
    const stored = await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendationId } });
    expect((stored.proposedPlan as { steps: string[] }).steps).toContain('Staged liver resection');
    expect(
      await prisma.auditEvent.count({ where: { type: 'recommendation.propose', actorUserId: userIds.surgeon } }),
    ).toBe(1);
    // The chair still edits too.
    expect((await propose(tokens.oncologist!, 'Response evaluation at 6-8 weeks')).status).toBe(200);

    // Another clinician of the board is not the delegate: 403 naming the rule.
    const other = await propose(tokens.pathologist!, 'Chemotherapy first');
    expect(other.status).toBe(403);
    expect(textOf(other.body)).toContain('the delegate the chair names');

    // Sign-off stays with the chair: the delegate is refused (voting is open: the meeting is in session).
    const signOff = await call(api.url, 'POST', `/recommendations/${recommendationId}/sign-off`, {
      token: tokens.surgeon,
      body: {},
    });
    expect(signOff.status).toBe(403);
    expect(textOf(signOff.body)).toContain("only the meeting's chair can sign off");
    // A delegate does not name delegates; nor does another clinician.
    expect((await nameDelegate(tokens.surgeon!, userIds.pathologist!)).status).toBe(403);
    const notChair = await nameDelegate(tokens.pathologist!, userIds.pathologist!);
    expect(notChair.status).toBe(403);
    expect(textOf(notChair.body)).toContain("only the meeting's chair or the coordinator names the chair's delegate");

    // Removing the delegate (here by the coordinator) takes the right away.
    const removed = await nameDelegate(tokens.coordinator!, null);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ delegateId: null, delegateName: null });
    const after = await propose(tokens.surgeon!, 'Another step');
    expect(after.status).toBe(403);
    expect(await prisma.auditEvent.count({ where: { type: 'meeting.delegate', entityId: meetingId } })).toBe(2);
  });

  it('refuses a delegate who is not a clinician of the board, naming the field; If-Match as for every meeting edit', async () => {
    for (const [who, userId] of [
      ['a clinician of another board', outsiderId],
      ['an unknown user', randomUUID()],
      ['the coordinator (not a clinician)', userIds.coordinator!],
    ] as const) {
      const refused = await nameDelegate(tokens.oncologist!, userId);
      expect({ who, status: refused.status, fields: fields(refused.body) }).toEqual({
        who,
        status: 400,
        fields: ['userId'],
      });
      expect(textOf(refused.body)).toContain('userId must be a clinician member of the board');
    }
    const chairItself = await nameDelegate(tokens.oncologist!, userIds.oncologist!);
    expect({ status: chairItself.status, fields: fields(chairItself.body) }).toEqual({
      status: 400,
      fields: ['userId'],
    });
    const malformed = await call(api.url, 'PUT', `/meetings/${meetingId}/delegate`, {
      token: tokens.oncologist,
      body: { userId: 'surgeon' },
      headers: await meetingIfMatch(),
    });
    expect({ status: malformed.status, fields: fields(malformed.body) }).toEqual({ status: 400, fields: ['userId'] });
    const missing = await call(api.url, 'PUT', `/meetings/${meetingId}/delegate`, {
      token: tokens.oncologist,
      body: {},
      headers: await meetingIfMatch(),
    });
    expect({ status: missing.status, fields: fields(missing.body) }).toEqual({ status: 400, fields: ['userId'] });

    // Without If-Match: 428; with an old ETag: 412. Nothing changed.
    expect(
      (
        await call(api.url, 'PUT', `/meetings/${meetingId}/delegate`, {
          token: tokens.oncologist,
          body: { userId: userIds.surgeon },
        })
      ).status,
    ).toBe(428);
    const stale = {
      'if-match': `"m${(await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).version - 1}"`,
    };
    expect(
      (
        await call(api.url, 'PUT', `/meetings/${meetingId}/delegate`, {
          token: tokens.oncologist,
          body: { userId: userIds.surgeon },
          headers: stale,
        })
      ).status,
    ).toBe(412);
    expect((await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).delegateId).toBeNull();

    // A new chair does not inherit the old chair's delegate.
    expect((await nameDelegate(tokens.oncologist!, userIds.surgeon!)).status).toBe(200);
    const rechaired = await call(api.url, 'PATCH', `/meetings/${meetingId}`, {
      token: tokens.coordinator,
      body: { chairId: userIds.pathologist },
      headers: await meetingIfMatch(),
    });
    expect(rechaired.status).toBe(200);
    expect(rechaired.body).toMatchObject({ chairId: userIds.pathologist, delegateId: null });
  });

  it('keeps links to the imaging and pathology reports on the case, https or the hospital viewer only', async () => {
    const ifMatch = async (): Promise<{ 'if-match': string }> => ({
      'if-match': (await call(api.url, 'GET', `/cases/${caseId}`, { token: tokens.coordinator })).headers.get('etag')!,
    });
    const links: ReportLink[] = [
      {
        kind: 'IMAGING',
        title: 'MRI pelvis, staging',
        url: 'https://pacs.hospital.example/study/1.2.840.1',
        date: '2026-11-01',
      },
      { kind: 'PATHOLOGY', title: 'Biopsy report', url: '/viewer/pathology/PA-2026-118', date: '2026-10-20' },
    ];
    const saved = await call(api.url, 'PATCH', `/cases/${caseId}`, {
      token: tokens.coordinator,
      body: {
        reportLinks: [...links, { kind: 'OTHER', title: 'Genetics letter', url: 'https://genetics.example/letter/9' }],
      },
      headers: await ifMatch(),
    });
    expect(saved.status).toBe(200);
    expect((saved.body as { reportLinks: ReportLink[] }).reportLinks).toEqual([
      ...links,
      { kind: 'OTHER', title: 'Genetics letter', url: 'https://genetics.example/letter/9', date: null },
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'case.update', entityId: caseId },
      orderBy: { seq: 'desc' },
    });
    expect(Object.keys(audit.changes as object)).toEqual(['reportLinks']);
    // Meeting mode and the presentation view read them from the agenda.
    const agenda = await call(api.url, 'GET', `/meetings/${meetingId}/agenda`, { token: tokens.pathologist });
    expect(
      (agenda.body as { items: { case: { reportLinks: ReportLink[] } }[] }).items[0]!.case.reportLinks,
    ).toHaveLength(3);

    // Hostile or malformed links are refused, each naming its field; nothing is stored.
    const refusals: [unknown, string][] = [
      [{ kind: 'IMAGING', title: 'x', url: 'javascript:alert(1)' }, 'reportLinks.0.url'],
      [{ kind: 'IMAGING', title: 'x', url: 'data:text/html,<script>alert(1)</script>' }, 'reportLinks.0.url'],
      [{ kind: 'IMAGING', title: 'x', url: 'http://pacs.hospital.example/study/1' }, 'reportLinks.0.url'],
      [{ kind: 'IMAGING', title: 'x', url: '//evil.example/x' }, 'reportLinks.0.url'],
      [{ kind: 'SCAN', title: 'x', url: 'https://pacs.example/1' }, 'reportLinks.0.kind'],
      [{ kind: 'IMAGING', title: '', url: 'https://pacs.example/1' }, 'reportLinks.0.title'],
      [{ kind: 'IMAGING', title: 'x', url: 'https://pacs.example/1', date: '1 Nov' }, 'reportLinks.0.date'],
      [{ kind: 'IMAGING', title: 'x', url: 'https://pacs.example/1', note: 'extra' }, 'reportLinks.0.note'],
    ];
    for (const [link, field] of refusals) {
      const refused = await call(api.url, 'PATCH', `/cases/${caseId}`, {
        token: tokens.coordinator,
        body: { reportLinks: [link] },
        headers: await ifMatch(),
      });
      expect({ link, status: refused.status, fields: fields(refused.body) }).toEqual({
        link,
        status: 400,
        fields: [field],
      });
    }
    const tooMany = await call(api.url, 'PATCH', `/cases/${caseId}`, {
      token: tokens.coordinator,
      body: { reportLinks: Array.from({ length: 21 }, () => links[0]) },
      headers: await ifMatch(),
    });
    expect({ status: tooMany.status, fields: fields(tooMany.body) }).toEqual({ status: 400, fields: ['reportLinks'] });
    expect(((await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).reportLinks as unknown[]).length).toBe(3);

    // An empty list clears them.
    const cleared = await call(api.url, 'PATCH', `/cases/${caseId}`, {
      token: tokens.coordinator,
      body: { reportLinks: [] },
      headers: await ifMatch(),
    });
    expect((cleared.body as { reportLinks: ReportLink[] }).reportLinks).toEqual([]);
  });
});
