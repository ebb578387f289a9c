import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import type { CaseFacts } from '@consilium/pathway';
import { withBiomarkers } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { rectalIntake } from '../support/intake';
import {
  ifMatch,
  recommendationEtag,
  startStack,
  type Problem,
  type Schemas,
  type Stack,
  type UserClient,
} from '../support/stack';

const resectableFacts = (({ ageYears: _age, ...facts }: CaseFacts) => facts)(withBiomarkers({ kras: 'wild-type' }));
const fields = (problem: Problem | undefined): string[] => (problem?.errors ?? []).map((error) => error.field).sort();
const textOf = (body: unknown): string => JSON.stringify(body);

/**
 * Issue 20: "only the chair (or a delegate the chair names) edits the proposal", and the links to
 * the imaging and pathology reports a case presentation shows. Over HTTP against a real API and
 * PostgreSQL.
 */
describe("the chair's delegate and the report links (issue 20)", () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let boardId: string;
  let meetingId: string;
  let recommendationId: string;
  let caseId: string;
  let outsiderId: string;
  const as: Record<string, UserClient> = {};
  let userIds: Record<string, string>;

  /** The meeting's ETag now, as the coordinator reads it. */
  async function meetingEtag(): Promise<string> {
    return (await as.coordinator!.get('/meetings/{id}', { params: { path: { id: meetingId } } })).headers.get('etag')!;
  }

  async function nameDelegate(client: UserClient, userId: string | null) {
    return client.put('/meetings/{id}/delegate', {
      params: ifMatch(meetingId, await meetingEtag()),
      body: { userId },
    });
  }

  function proposal(step: string): Schemas['ProposalDto'] {
    return {
      meetingId,
      branch: 'resectable-oligometastatic',
      intent: 'curative',
      steps: ['SCRT 5x5 Gy', step],
      regimens: ['FOLFOX'],
      rationale: 'Fit patient',
    };
  }

  async function propose(client: UserClient, step: string) {
    return client.put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendationId, await recommendationEtag(client, recommendationId)),
      body: proposal(step),
    });
  }

  beforeAll(async () => {
    stack = await startStack('meeting_delegate');
    ({ prisma, boardId } = stack);
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
    for (const name of ['coordinator', 'oncologist', 'surgeon', 'pathologist']) as[name] = await stack.as(name);
    userIds = await stack.userIds();

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
    const patient = await as.coordinator!.post('/patients', {
      body: {
        mrn: `DL-${randomUUID().slice(0, 8)}`,
        givenName: 'Dana',
        familyName: 'Delegate',
        birthDate: '1961-04-12',
        sex: 'FEMALE',
      },
    });
    expect(patient.status).toBe(201);
    const created = await as.coordinator!.post('/cases', {
      body: {
        patientId: patient.body.id,
        boardId,
        questionForBoard: 'Sequence?',
        lastImagingDate: '2026-11-10',
        ...rectalIntake(resectableFacts),
      },
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
    const ofCase = { params: { path: { id: caseId } } };
    expect((await as.coordinator!.post('/cases/{id}/status', { ...ofCase, body: { status: 'READY' } })).status).toBe(
      200,
    );
    const drafts = await as.coordinator!.get('/cases/{id}/recommendations', ofCase);
    recommendationId = drafts.body[0]!.id;
    // 10 is the API's default; openapi-typescript types a defaulted field as required.
    expect(
      (
        await as.coordinator!.post('/meetings/{id}/agenda', {
          params: { path: { id: meetingId } },
          body: { caseId, minutesAllotted: 10 },
        })
      ).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lets the chair name a delegate who edits the proposal; others get 403 naming the rule; removing takes it away', async () => {
    // Before any delegate: the surgeon is refused, and the answer names the rule.
    const before = await propose(as.surgeon!, 'Staged liver resection');
    expect(before.status).toBe(403);
    expect(textOf(before.body)).toContain(
      "only the meeting's chair (or the delegate the chair names) edits the proposal",
    );

    // The chair names the surgeon: audited in the same change, the meeting's version moves on.
    const versionBefore = (await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).version;
    const named = await nameDelegate(as.oncologist!, userIds.surgeon!);
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
    const agenda = await as.pathologist!.get('/meetings/{id}/agenda', { params: { path: { id: meetingId } } });
    expect(agenda.body.meeting).toMatchObject({
      delegateId: userIds.surgeon,
      delegateName: 'Dr. Sam Surgeon',
    });

    // The delegate edits the proposal; the stored plan is theirs.
    const edited = await propose(as.surgeon!, 'Staged liver resection');
    expect(edited.status).toBe(200);
    const stored = await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendationId } });
    expect((stored.proposedPlan as { steps: string[] }).steps).toContain('Staged liver resection');
    expect(
      await prisma.auditEvent.count({ where: { type: 'recommendation.propose', actorUserId: userIds.surgeon } }),
    ).toBe(1);
    // The chair still edits too.
    expect((await propose(as.oncologist!, 'Response evaluation at 6-8 weeks')).status).toBe(200);

    // Another clinician of the board is not the delegate: 403 naming the rule.
    const other = await propose(as.pathologist!, 'Chemotherapy first');
    expect(other.status).toBe(403);
    expect(textOf(other.body)).toContain('the delegate the chair names');

    // Sign-off stays with the chair: the delegate is refused (voting is open: the meeting is in session).
    const signOff = await as.surgeon!.post('/recommendations/{id}/sign-off', {
      params: { path: { id: recommendationId } },
      body: {},
    });
    expect(signOff.status).toBe(403);
    expect(textOf(signOff.body)).toContain("only the meeting's chair can sign off");
    // A delegate does not name delegates; nor does another clinician.
    expect((await nameDelegate(as.surgeon!, userIds.pathologist!)).status).toBe(403);
    const notChair = await nameDelegate(as.pathologist!, userIds.pathologist!);
    expect(notChair.status).toBe(403);
    expect(textOf(notChair.body)).toContain("only the meeting's chair or the coordinator names the chair's delegate");

    // Removing the delegate (here by the coordinator) takes the right away.
    const removed = await nameDelegate(as.coordinator!, null);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ delegateId: null, delegateName: null });
    const after = await propose(as.surgeon!, 'Another step');
    expect(after.status).toBe(403);
    expect(await prisma.auditEvent.count({ where: { type: 'meeting.delegate', entityId: meetingId } })).toBe(2);
  });

  it('refuses a delegate who is not a clinician of the board, naming the field; If-Match as for every meeting edit', async () => {
    for (const [who, userId] of [
      ['a clinician of another board', outsiderId],
      ['an unknown user', randomUUID()],
      ['the coordinator (not a clinician)', userIds.coordinator!],
    ] as const) {
      const refused = await nameDelegate(as.oncologist!, userId);
      expect({ who, status: refused.status, fields: fields(refused.problem) }).toEqual({
        who,
        status: 400,
        fields: ['userId'],
      });
      expect(textOf(refused.body)).toContain('userId must be a clinician member of the board');
    }
    const chairItself = await nameDelegate(as.oncologist!, userIds.oncologist!);
    expect({ status: chairItself.status, fields: fields(chairItself.problem) }).toEqual({
      status: 400,
      fields: ['userId'],
    });
    const malformed = await nameDelegate(as.oncologist!, 'surgeon');
    expect({ status: malformed.status, fields: fields(malformed.problem) }).toEqual({
      status: 400,
      fields: ['userId'],
    });
    // Bodies and requests the document forbids: sent raw.
    const missing = await as.oncologist!.raw('PUT', `/meetings/${meetingId}/delegate`, {
      body: {},
      headers: { 'if-match': await meetingEtag() },
    });
    expect({ status: missing.status, fields: fields(missing.problem) }).toEqual({ status: 400, fields: ['userId'] });

    // Without If-Match: 428; with an old ETag: 412. Nothing changed.
    expect(
      (
        await as.oncologist!.raw('PUT', `/meetings/${meetingId}/delegate`, {
          body: { userId: userIds.surgeon },
        })
      ).status,
    ).toBe(428);
    const stale = `"m${(await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).version - 1}"`;
    expect(
      (
        await as.oncologist!.put('/meetings/{id}/delegate', {
          params: ifMatch(meetingId, stale),
          body: { userId: userIds.surgeon! },
        })
      ).status,
    ).toBe(412);
    expect((await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).delegateId).toBeNull();

    // A new chair does not inherit the old chair's delegate.
    expect((await nameDelegate(as.oncologist!, userIds.surgeon!)).status).toBe(200);
    const rechaired = await as.coordinator!.patch('/meetings/{id}', {
      params: ifMatch(meetingId, await meetingEtag()),
      body: { chairId: userIds.pathologist! },
    });
    expect(rechaired.status).toBe(200);
    expect(rechaired.body).toMatchObject({ chairId: userIds.pathologist, delegateId: null });
  });

  it('keeps links to the imaging and pathology reports on the case, https or the hospital viewer only', async () => {
    const coordinator = as.coordinator!;
    const caseEtag = async (): Promise<string> =>
      (await coordinator.get('/cases/{id}', { params: { path: { id: caseId } } })).headers.get('etag')!;
    const links: Schemas['ReportLinkDto'][] = [
      {
        kind: 'IMAGING',
        title: 'MRI pelvis, staging',
        url: 'https://pacs.hospital.example/study/1.2.840.1',
        date: '2026-11-01',
      },
      { kind: 'PATHOLOGY', title: 'Biopsy report', url: '/viewer/pathology/PA-2026-118', date: '2026-10-20' },
    ];
    const saved = await coordinator.patch('/cases/{id}', {
      params: ifMatch(caseId, await caseEtag()),
      body: {
        reportLinks: [...links, { kind: 'OTHER', title: 'Genetics letter', url: 'https://genetics.example/letter/9' }],
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.reportLinks).toEqual([
      ...links,
      { kind: 'OTHER', title: 'Genetics letter', url: 'https://genetics.example/letter/9', date: null },
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'case.update', entityId: caseId },
      orderBy: { seq: 'desc' },
    });
    expect(Object.keys(audit.changes as object)).toEqual(['reportLinks']);
    // Meeting mode and the presentation view read them from the agenda.
    const agenda = await as.pathologist!.get('/meetings/{id}/agenda', { params: { path: { id: meetingId } } });
    expect(agenda.body.items[0]!.case.reportLinks).toHaveLength(3);

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
      const refused = await coordinator.raw('PATCH', `/cases/${caseId}`, {
        body: { reportLinks: [link] },
        headers: { 'if-match': await caseEtag() },
      });
      expect({ link, status: refused.status, fields: fields(refused.problem) }).toEqual({
        link,
        status: 400,
        fields: [field],
      });
    }
    const tooMany = await coordinator.patch('/cases/{id}', {
      params: ifMatch(caseId, await caseEtag()),
      body: { reportLinks: Array.from({ length: 21 }, () => links[0]!) },
    });
    expect({ status: tooMany.status, fields: fields(tooMany.problem) }).toEqual({
      status: 400,
      fields: ['reportLinks'],
    });
    expect(((await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).reportLinks as unknown[]).length).toBe(3);

    // An empty list clears them.
    const cleared = await coordinator.patch('/cases/{id}', {
      params: ifMatch(caseId, await caseEtag()),
      body: { reportLinks: [] },
    });
    expect(cleared.body.reportLinks).toEqual([]);
  });
});
