import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '@prisma/client';
import { rectalStageIvWorkflow, type DraftPlan } from '@consilium/pathway';
import { resectableFacts } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { caseCoreOf, caseWithFacts, pathwayFactsOf } from '../../apps/api/src/cases/case-facts.mapper';
import { rectalCaseColumns } from '../support/intake';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const COORDINATOR = ['coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd'] as const;
const CLINICIAN_PASSWORD = 'Demo-Clinician-Passw0rd';

interface Problem {
  status: number;
  errors?: { field: string; message: string }[];
}
interface AgendaItem {
  id: string;
  caseId: string;
  position: number;
  minutesAllotted: number;
  presenter: { id: string } | null;
}

const fields = (body: unknown): string[] => ((body as Problem).errors ?? []).map((error) => error.field).sort();

/** A stage IV rectal case with every fact the readiness checklist asks for. */
const COMPLETE_FACTS = resectableFacts({ ecog: 1 });

describe('meetings, agenda, attendance and calendar', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let boardId: string;
  let demoMeetingId: string;
  let coordinator: string;
  let surgeon: string;
  const ids = new Map<string, string>();

  const userId = (email: string): string => ids.get(email) as string;
  const caseId = async (reference: string): Promise<string> =>
    (await prisma.case.findUniqueOrThrow({ where: { reference } })).id;

  /** Completes the readiness checklist of a case and marks it READY (as the lead's case intake would). */
  async function makeReady(reference: string): Promise<string> {
    const row = await prisma.case.update({
      where: { reference },
      data: {
        status: 'READY',
        ...rectalCaseColumns(COMPLETE_FACTS),
        lastImagingDate: new Date('2026-11-01'),
        questionForBoard: 'Plan?',
      },
    });
    return row.id;
  }

  async function createMeeting(body: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const response = await call(api.url, 'POST', '/meetings', {
      token: coordinator,
      body: { boardId, startsAt: '2030-01-15T16:00:00Z', ...body },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; version: number };
  }

  beforeAll(async () => {
    database = await createTestDatabase('meetings');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    demoMeetingId = (await seedDemo(prisma)).meetingId;
    boardId = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
    for (const user of await prisma.user.findMany()) ids.set(user.email, user.id);
    api = await startApi(testConfig({ DATABASE_URL: database.url }));
    coordinator = (await login(api.url, ...COORDINATOR)).accessToken;
    surgeon = (await login(api.url, 'surgeon@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('creates a meeting with the board quorum copied, lists it by board and period, and audits it', async () => {
    const created = await call(api.url, 'POST', '/meetings', {
      token: coordinator,
      body: {
        boardId,
        startsAt: '2030-02-01T15:00:00Z',
        location: 'Room 2',
        videoLink: 'https://video.example.org/mdt',
        chairId: userId('oncologist@consilium.demo'),
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"m1"');
    const meeting = created.body as Record<string, unknown>;
    expect(meeting).toMatchObject({
      boardId,
      title: DEMO_BOARD_NAME,
      startsAt: '2030-02-01T15:00:00.000Z',
      endsAt: '2030-02-01T16:30:00.000Z',
      durationMinutes: 90,
      status: 'PLANNED',
      chairName: 'Dr. Olga Oncologist',
      requiredSpecialties: ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY', 'PATHOLOGY'],
      agendaItemCount: 0,
    });
    expect(
      await prisma.auditEvent.count({
        where: { type: 'meeting.create', entityId: meeting.id as string, action: 'C', boardId },
      }),
    ).toBe(1);

    const listed = await call(
      api.url,
      'GET',
      `/meetings?boardId=${boardId}&from=2030-02-01T00:00:00Z&to=2030-02-02T00:00:00Z`,
      { token: surgeon },
    );
    expect(listed.status).toBe(200);
    expect((listed.body as { id: string }[]).map((row) => row.id)).toEqual([meeting.id]);
  });

  it('refuses bad input naming the fields, and a board outside the scope with 404', async () => {
    const bad = await call(api.url, 'POST', '/meetings', {
      token: coordinator,
      body: { boardId, startsAt: 'next tuesday', durationMinutes: 5, status: 'CLOSED' },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['durationMinutes', 'startsAt', 'status']);
    const chair = await call(api.url, 'POST', '/meetings', {
      token: coordinator,
      body: { boardId, startsAt: '2030-02-01T15:00:00Z', chairId: userId('auditor@consilium.demo') },
    });
    expect(chair.status).toBe(400);
    expect(fields(chair.body)).toEqual(['chairId']);
    const other = await prisma.board.create({ data: { name: 'Other board', requiredSpecialties: [] } });
    expect(
      (
        await call(api.url, 'POST', '/meetings', {
          token: coordinator,
          body: { boardId: other.id, startsAt: '2030-02-01T15:00:00Z' },
        })
      ).status,
    ).toBe(404);
  });

  it('edits a meeting only with the current If-Match', async () => {
    const meeting = await createMeeting();
    expect(
      (await call(api.url, 'PATCH', `/meetings/${meeting.id}`, { token: coordinator, body: { durationMinutes: 120 } }))
        .status,
    ).toBe(428);
    const edited = await call(api.url, 'PATCH', `/meetings/${meeting.id}`, {
      token: coordinator,
      body: { durationMinutes: 120, location: 'Room 5' },
      headers: { 'if-match': '"m1"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ durationMinutes: 120, location: 'Room 5', version: 2 });
    expect(
      (
        await call(api.url, 'PATCH', `/meetings/${meeting.id}`, {
          token: coordinator,
          body: { durationMinutes: 60 },
          headers: { 'if-match': '"m1"' },
        })
      ).status,
    ).toBe(412);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'meeting.update', entityId: meeting.id } });
    expect(audit.changes).toEqual({ durationMinutes: { old: 90, new: 120 }, location: { old: null, new: 'Room 5' } });
  });

  it('adds, edits, reorders and removes agenda items, moving the cases READY <-> SCHEDULED, each change audited', async () => {
    const meeting = await createMeeting();
    const [first, second, third] = [
      await makeReady('CRC-DEMO-0002'),
      await makeReady('CRC-DEMO-0003'),
      await makeReady('CRC-DEMO-0005'),
    ];
    const added: AgendaItem[] = [];
    for (const id of [first, second, third]) {
      const response = await call(api.url, 'POST', `/meetings/${meeting.id}/agenda`, {
        token: coordinator,
        body: { caseId: id, minutesAllotted: 15, presenterId: userId('surgeon@consilium.demo') },
      });
      expect(response.status).toBe(201);
      added.push(response.body as AgendaItem);
    }
    expect(added.map((item) => item.position)).toEqual([0, 1, 2]);
    expect(added[0]?.presenter?.id).toBe(userId('surgeon@consilium.demo'));
    expect((await prisma.case.findUniqueOrThrow({ where: { id: first } })).status).toBe('SCHEDULED');
    expect(
      await prisma.auditEvent.count({
        where: { type: 'meeting.agenda.add', action: 'C', entityType: 'agendaItem', boardId, patientId: { not: null } },
      }),
    ).toBe(3);
    expect(await prisma.auditEvent.count({ where: { type: 'case.status', entityId: first } })).toBe(1);

    const zero = await call(api.url, 'PATCH', `/meetings/${meeting.id}/agenda/${added[0]!.id}`, {
      token: coordinator,
      body: { minutesAllotted: 0, colour: 'red' },
    });
    expect(zero.status).toBe(400);
    expect(fields(zero.body)).toEqual(['colour', 'minutesAllotted']);
    const patched = await call(api.url, 'PATCH', `/meetings/${meeting.id}/agenda/${added[0]!.id}`, {
      token: coordinator,
      body: { minutesAllotted: 25, presenterId: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ minutesAllotted: 25, presenter: null });

    const notPermutation = await call(api.url, 'PUT', `/meetings/${meeting.id}/agenda/order`, {
      token: coordinator,
      body: { itemIds: [added[2]!.id, added[0]!.id] },
    });
    expect(notPermutation.status).toBe(400);
    expect(fields(notPermutation.body)).toEqual(['itemIds']);
    const reordered = await call(api.url, 'PUT', `/meetings/${meeting.id}/agenda/order`, {
      token: coordinator,
      body: { itemIds: [added[2]!.id, added[0]!.id, added[1]!.id] },
    });
    expect(reordered.status).toBe(200);
    expect((reordered.body as AgendaItem[]).map((item) => [item.id, item.position])).toEqual([
      [added[2]!.id, 0],
      [added[0]!.id, 1],
      [added[1]!.id, 2],
    ]);

    const removed = await call(api.url, 'DELETE', `/meetings/${meeting.id}/agenda/${added[2]!.id}`, {
      token: coordinator,
    });
    expect(removed.status).toBe(204);
    const remaining = await prisma.agendaItem.findMany({
      where: { meetingId: meeting.id },
      orderBy: { position: 'asc' },
    });
    expect(remaining.map((item) => [item.id, item.position])).toEqual([
      [added[0]!.id, 0],
      [added[1]!.id, 1],
    ]);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: third } })).status).toBe('READY');
    for (const type of ['meeting.agenda.update', 'meeting.agenda.reorder', 'meeting.agenda.remove']) {
      expect(await prisma.auditEvent.count({ where: { type, boardId } })).toBe(1);
    }
    expect(
      (await call(api.url, 'DELETE', `/meetings/${meeting.id}/agenda/${added[2]!.id}`, { token: coordinator })).status,
    ).toBe(404);
  });

  it('keeps a case on at most one open agenda (409 naming caseId) and refuses cases that are not ready or of another board', async () => {
    const meeting = await createMeeting();
    const onDemoAgenda = await caseId('CRC-DEMO-0001');
    const twice = await call(api.url, 'POST', `/meetings/${meeting.id}/agenda`, {
      token: coordinator,
      body: { caseId: onDemoAgenda, minutesAllotted: 10 },
    });
    expect(twice.status).toBe(409);
    expect(fields(twice.body)).toEqual(['caseId']);
    expect((twice.body as Problem).errors?.[0]?.message).toContain(onDemoAgenda);

    const referred = await prisma.case.create({
      data: {
        reference: 'CRC-TEST-REF',
        board: { connect: { id: boardId } },
        ...rectalCaseColumns(COMPLETE_FACTS),
        patient: {
          create: {
            mrn: 'TEST-REF',
            givenName: 'R',
            familyName: 'Referred',
            birthDate: new Date('1960-01-01'),
            sex: 'MALE',
          },
        },
      },
    });
    const notReady = await call(api.url, 'POST', `/meetings/${meeting.id}/agenda`, {
      token: coordinator,
      body: { caseId: referred.id },
    });
    expect(notReady.status).toBe(409);
    expect(fields(notReady.body)).toEqual(['caseId']);

    const otherBoard = await prisma.board.create({ data: { name: 'Upper GI', requiredSpecialties: [] } });
    const foreign = await prisma.case.create({
      data: {
        reference: 'UGI-TEST-1',
        board: { connect: { id: otherBoard.id } },
        status: 'READY',
        ...rectalCaseColumns(COMPLETE_FACTS),
        patient: {
          create: {
            mrn: 'TEST-UGI',
            givenName: 'F',
            familyName: 'Foreign',
            birthDate: new Date('1960-01-01'),
            sex: 'MALE',
          },
        },
      },
    });
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meeting.id}/agenda`, {
          token: coordinator,
          body: { caseId: foreign.id },
        })
      ).status,
    ).toBe(404);
    expect(await prisma.agendaItem.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it('moves meetings planned -> in progress -> closed and refuses other moves with 409', async () => {
    const meeting = await createMeeting();
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meeting.id}/status`, {
          token: coordinator,
          body: { status: 'CLOSED' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meeting.id}/status`, {
          token: coordinator,
          body: { status: 'IN_PROGRESS' },
        })
      ).body,
    ).toMatchObject({ status: 'IN_PROGRESS' });
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meeting.id}/status`, {
          token: coordinator,
          body: { status: 'CLOSED' },
        })
      ).body,
    ).toMatchObject({ status: 'CLOSED' });
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meeting.id}/status`, {
          token: coordinator,
          body: { status: 'PLANNED' },
        })
      ).status,
    ).toBe(409);
    const closedAgenda = await call(api.url, 'POST', `/meetings/${meeting.id}/agenda`, {
      token: coordinator,
      body: { caseId: await caseId('CRC-DEMO-0004') },
    });
    expect(closedAgenda.status).toBe(409);
    expect(await prisma.auditEvent.count({ where: { type: 'meeting.status', entityId: meeting.id } })).toBe(2);
  });

  it('checks attendees in and out and summarises the quorum', async () => {
    const meeting = await createMeeting({ startsAt: new Date(Date.now() + 30 * 60_000).toISOString() }); // check-in opens an hour before
    const path = `/meetings/${meeting.id}/attendance`;
    const self = await call(api.url, 'POST', path, {
      token: surgeon,
      body: { userId: userId('surgeon@consilium.demo') },
    });
    expect(self.status).toBe(200);
    expect(
      (await call(api.url, 'POST', path, { token: surgeon, body: { userId: userId('radiologist@consilium.demo') } }))
        .status,
    ).toBe(403);
    for (const email of [
      'oncologist@consilium.demo',
      'radiotherapist@consilium.demo',
      'radiologist@consilium.demo',
      'coordinator@consilium.demo',
    ]) {
      expect((await call(api.url, 'POST', path, { token: coordinator, body: { userId: userId(email) } })).status).toBe(
        200,
      );
    }
    const outsider = await call(api.url, 'POST', path, {
      token: coordinator,
      body: { userId: userId('admin@consilium.demo') },
    });
    expect(outsider.status).toBe(400);
    expect(fields(outsider.body)).toEqual(['userId']);

    const notQuorate = await call(api.url, 'GET', path, { token: surgeon });
    expect(notQuorate.body).toMatchObject({
      quorum: {
        requiredSpecialties: ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY', 'PATHOLOGY'],
        presentSpecialties: ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY'],
        missingSpecialties: ['PATHOLOGY'],
        quorate: false,
      },
    });
    expect((notQuorate.body as { attendees: unknown[] }).attendees).toHaveLength(5);

    const quorate = await call(api.url, 'POST', path, {
      token: coordinator,
      body: { userId: userId('pathologist@consilium.demo') },
    });
    expect(quorate.body).toMatchObject({ quorum: { missingSpecialties: [], quorate: true } });
    const left = await call(api.url, 'DELETE', `${path}/${userId('radiologist@consilium.demo')}`, {
      token: coordinator,
    });
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ quorum: { missingSpecialties: ['RADIOLOGY'], quorate: false } });
    expect(
      await prisma.auditEvent.count({ where: { type: 'meeting.attendance.check-in', entityId: meeting.id } }),
    ).toBe(6);
    expect(
      await prisma.auditEvent.count({ where: { type: 'meeting.attendance.check-out', entityId: meeting.id } }),
    ).toBe(1);
  });

  it('shows the demo agenda with case, patient, facts, readiness and draft in order, and audits the PHI read once', async () => {
    const first = await prisma.case.findUniqueOrThrow({
      where: { reference: 'CRC-DEMO-0001' },
      include: caseWithFacts,
    });
    const drafted = rectalStageIvWorkflow.draft(caseCoreOf(first), pathwayFactsOf(first));
    if (!drafted.ok) throw new Error('the demo case does not draft');
    const plan = drafted.draft.plan as DraftPlan;
    await prisma.recommendation.create({
      data: {
        caseId: first.id,
        meetingId: demoMeetingId,
        draftVersion: 1,
        pathwayId: 'rectal-stage-iv',
        pathwayVersion: 'test',
        factsSnapshot: {},
        draftPlan: plan as unknown as Prisma.InputJsonValue,
        primaryBranch: plan.primaryBranch.code,
      },
    });
    const response = await call(api.url, 'GET', `/meetings/${demoMeetingId}/agenda`, { token: surgeon });
    expect(response.status).toBe(200);
    const agenda = response.body as {
      meeting: { id: string };
      items: {
        item: AgendaItem;
        case: { reference: string; status: string };
        patient: { name: string; mrn: string; birthDate: string };
        core: { staging: { clinical: { t: string } } };
        readiness: { ready: boolean };
        draftPlan: { summary: string | null } | null;
      }[];
      totals: Record<string, number>;
    };
    expect(agenda.meeting.id).toBe(demoMeetingId);
    expect(agenda.items.map((entry) => [entry.item.position, entry.case.reference, entry.case.status])).toEqual([
      [0, 'CRC-DEMO-0001', 'SCHEDULED'],
      [1, 'CRC-DEMO-0004', 'SCHEDULED'],
    ]);
    expect(agenda.items[0]).toMatchObject({
      patient: { name: 'Example, Maria', mrn: 'DEMO-100001', birthDate: '1962-03-14' },
      core: { staging: { clinical: { t: 'T3' } } },
      readiness: { ready: true },
    });
    expect(agenda.items[0]?.draftPlan?.summary).toEqual(expect.any(String));
    expect(agenda.items[1]?.draftPlan).toBeNull();
    expect(agenda.totals).toEqual({ items: 2, minutesAllotted: 20, meetingDurationMinutes: 90, overrunMinutes: 0 });

    const reads = await prisma.auditEvent.findMany({ where: { type: 'meeting.agenda.read', entityId: demoMeetingId } });
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      action: 'R',
      boardId,
      detail: { caseIds: [first.id, await caseId('CRC-DEMO-0004')] },
    });
  });

  it('serves a personal iCalendar feed by secret URL, with no PHI, and rotates it', async () => {
    const feed = await call(api.url, 'GET', '/me/calendar-feed', { token: surgeon });
    expect(feed.status).toBe(200);
    const url = (feed.body as { url: string }).url;
    expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(url).pathname;
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: userId('surgeon@consilium.demo') } });
    expect(stored.calendarFeedTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.calendarFeedTokenHash).not.toContain(path.slice(10, 53));

    const calendar = await fetch(`${api.url}${path}`);
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await calendar.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain(`UID:${demoMeetingId}@consilium`);
    expect(text).toContain('2 cases on the agenda');
    expect(text).toMatch(/\r\nEND:VCALENDAR(\r\n)?$/);
    for (const phi of ['Example', 'Maria', 'DEMO-100001', 'CRC-DEMO']) expect(text).not.toContain(phi);

    expect((await call(api.url, 'GET', '/me/calendar-feed', { token: surgeon })).body).toEqual({
      active: true,
      url: null,
    });
    const rotated = await call(api.url, 'POST', '/me/calendar-feed/rotate', { token: surgeon });
    expect(rotated.status).toBe(200);
    const newPath = new URL((rotated.body as { url: string }).url).pathname;
    expect(newPath).not.toBe(path);
    expect((await fetch(`${api.url}${path}`)).status).toBe(404);
    expect((await fetch(`${api.url}${newPath}`)).status).toBe(200);
    expect((await fetch(`${api.url}/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${api.url}/calendar/not-a-token.ics`)).status).toBe(404);
    expect(
      await prisma.auditEvent.count({
        where: {
          type: { in: ['user.calendar-feed.issue', 'user.calendar-feed.rotate'] },
          entityId: userId('surgeon@consilium.demo'),
        },
      }),
    ).toBe(2);
  });
});
