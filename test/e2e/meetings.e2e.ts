import type { Prisma, PrismaClient } from '@prisma/client';
import { rectalStageIvWorkflow, type DraftPlan } from '@consilium/pathway';
import { resectableFacts } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { caseCoreOf, caseWithFacts, pathwayFactsOf } from '../../apps/api/src/cases/case-facts.mapper';
import { rectalCaseColumns } from '../support/intake';
import { DEMO_BOARD_NAME } from '../../prisma/seed';
import { ifMatch, startStack, type Problem, type Schemas, type Stack, type UserClient } from '../support/stack';

type AgendaItem = Schemas['AgendaItemDto'];

const fields = (problem: Problem | undefined): string[] => (problem?.errors ?? []).map((error) => error.field).sort();

/** A stage IV rectal case with every fact the readiness checklist asks for. */
const COMPLETE_FACTS = resectableFacts({ ecog: 1 });

describe('meetings, agenda, attendance and calendar', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let boardId: string;
  let demoMeetingId: string;
  let coordinator: UserClient;
  let surgeon: UserClient;
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

  async function createMeeting(body: Partial<Schemas['CreateMeetingDto']> = {}): Promise<Schemas['MeetingDto']> {
    const response = await coordinator.post('/meetings', {
      body: { boardId, startsAt: '2030-01-15T16:00:00Z', ...body },
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  beforeAll(async () => {
    stack = await startStack('meetings');
    ({ prisma, boardId } = stack);
    demoMeetingId = stack.seeded!.meetingId;
    for (const user of await prisma.user.findMany()) ids.set(user.email, user.id);
    coordinator = await stack.as('coordinator');
    surgeon = await stack.as('surgeon');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('creates a meeting with the board quorum copied, lists it by board and period, and audits it', async () => {
    const created = await coordinator.post('/meetings', {
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
    const meeting = created.body;
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
        where: { type: 'meeting.create', entityId: meeting.id, action: 'C', boardId },
      }),
    ).toBe(1);

    const listed = await surgeon.get('/meetings', {
      params: { query: { boardId, from: '2030-02-01T00:00:00Z', to: '2030-02-02T00:00:00Z' } },
    });
    expect(listed.status).toBe(200);
    expect(listed.body.map((row) => row.id)).toEqual([meeting.id]);
  });

  it('refuses bad input naming the fields, and a board outside the scope with 404', async () => {
    const bad = await coordinator.raw('POST', '/meetings', {
      body: { boardId, startsAt: 'next tuesday', durationMinutes: 5, status: 'CLOSED' },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.problem)).toEqual(['durationMinutes', 'startsAt', 'status']);
    const chair = await coordinator.post('/meetings', {
      body: { boardId, startsAt: '2030-02-01T15:00:00Z', chairId: userId('auditor@consilium.demo') },
    });
    expect(chair.status).toBe(400);
    expect(fields(chair.problem)).toEqual(['chairId']);
    const other = await prisma.board.create({ data: { name: 'Other board', requiredSpecialties: [] } });
    expect(
      (await coordinator.post('/meetings', { body: { boardId: other.id, startsAt: '2030-02-01T15:00:00Z' } })).status,
    ).toBe(404);
  });

  it('edits a meeting only with the current If-Match', async () => {
    const meeting = await createMeeting();
    expect((await coordinator.raw('PATCH', `/meetings/${meeting.id}`, { body: { durationMinutes: 120 } })).status).toBe(
      428,
    );
    const edited = await coordinator.patch('/meetings/{id}', {
      params: ifMatch(meeting.id, '"m1"'),
      body: { durationMinutes: 120, location: 'Room 5' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ durationMinutes: 120, location: 'Room 5', version: 2 });
    expect(
      (
        await coordinator.patch('/meetings/{id}', {
          params: ifMatch(meeting.id, '"m1"'),
          body: { durationMinutes: 60 },
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
      const response = await coordinator.post('/meetings/{id}/agenda', {
        params: { path: { id: meeting.id } },
        body: { caseId: id, minutesAllotted: 15, presenterId: userId('surgeon@consilium.demo') },
      });
      expect(response.status).toBe(201);
      added.push(response.body);
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

    const zero = await coordinator.raw('PATCH', `/meetings/${meeting.id}/agenda/${added[0]!.id}`, {
      body: { minutesAllotted: 0, colour: 'red' },
    });
    expect(zero.status).toBe(400);
    expect(fields(zero.problem)).toEqual(['colour', 'minutesAllotted']);
    const item = (index: number) => ({ path: { id: meeting.id, itemId: added[index]!.id } });
    const patched = await coordinator.patch('/meetings/{id}/agenda/{itemId}', {
      params: item(0),
      body: { minutesAllotted: 25, presenterId: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ minutesAllotted: 25, presenter: null });

    const notPermutation = await coordinator.put('/meetings/{id}/agenda/order', {
      params: { path: { id: meeting.id } },
      body: { itemIds: [added[2]!.id, added[0]!.id] },
    });
    expect(notPermutation.status).toBe(400);
    expect(fields(notPermutation.problem)).toEqual(['itemIds']);
    const reordered = await coordinator.put('/meetings/{id}/agenda/order', {
      params: { path: { id: meeting.id } },
      body: { itemIds: [added[2]!.id, added[0]!.id, added[1]!.id] },
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.map((entry) => [entry.id, entry.position])).toEqual([
      [added[2]!.id, 0],
      [added[0]!.id, 1],
      [added[1]!.id, 2],
    ]);

    const removed = await coordinator.delete('/meetings/{id}/agenda/{itemId}', { params: item(2) });
    expect(removed.status).toBe(204);
    const remaining = await prisma.agendaItem.findMany({
      where: { meetingId: meeting.id },
      orderBy: { position: 'asc' },
    });
    expect(remaining.map((row) => [row.id, row.position])).toEqual([
      [added[0]!.id, 0],
      [added[1]!.id, 1],
    ]);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: third } })).status).toBe('READY');
    for (const type of ['meeting.agenda.update', 'meeting.agenda.reorder', 'meeting.agenda.remove']) {
      expect(await prisma.auditEvent.count({ where: { type, boardId } })).toBe(1);
    }
    expect((await coordinator.delete('/meetings/{id}/agenda/{itemId}', { params: item(2) })).status).toBe(404);
  });

  it('keeps a case on at most one open agenda (409 naming caseId) and refuses cases that are not ready or of another board', async () => {
    const meeting = await createMeeting();
    const agenda = { params: { path: { id: meeting.id } } };
    const onDemoAgenda = await caseId('CRC-DEMO-0001');
    const twice = await coordinator.post('/meetings/{id}/agenda', {
      ...agenda,
      body: { caseId: onDemoAgenda, minutesAllotted: 10 },
    });
    expect(twice.status).toBe(409);
    expect(fields(twice.problem)).toEqual(['caseId']);
    expect(twice.problem?.errors?.[0]?.message).toContain(onDemoAgenda);

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
    // Without minutesAllotted (the server's default of 10), which the typed body would require.
    const notReady = await coordinator.raw('POST', `/meetings/${meeting.id}/agenda`, {
      body: { caseId: referred.id },
    });
    expect(notReady.status).toBe(409);
    expect(fields(notReady.problem)).toEqual(['caseId']);

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
      (await coordinator.raw('POST', `/meetings/${meeting.id}/agenda`, { body: { caseId: foreign.id } })).status,
    ).toBe(404);
    expect(await prisma.agendaItem.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it('moves meetings planned -> in progress -> closed and refuses other moves with 409', async () => {
    const meeting = await createMeeting();
    const move = (status: Schemas['ChangeMeetingStatusDto']['status']) =>
      coordinator.post('/meetings/{id}/status', { params: { path: { id: meeting.id } }, body: { status } });
    expect((await move('CLOSED')).status).toBe(409);
    expect((await move('IN_PROGRESS')).body).toMatchObject({ status: 'IN_PROGRESS' });
    expect((await move('CLOSED')).body).toMatchObject({ status: 'CLOSED' });
    expect((await move('PLANNED')).status).toBe(409);
    const closedAgenda = await coordinator.raw('POST', `/meetings/${meeting.id}/agenda`, {
      body: { caseId: await caseId('CRC-DEMO-0004') },
    });
    expect(closedAgenda.status).toBe(409);
    expect(await prisma.auditEvent.count({ where: { type: 'meeting.status', entityId: meeting.id } })).toBe(2);
  });

  it('checks attendees in and out and summarises the quorum', async () => {
    const meeting = await createMeeting({ startsAt: new Date(Date.now() + 30 * 60_000).toISOString() }); // check-in opens an hour before
    const attendance = { params: { path: { id: meeting.id } } };
    const self = await surgeon.post('/meetings/{id}/attendance', {
      ...attendance,
      body: { userId: userId('surgeon@consilium.demo') },
    });
    expect(self.status).toBe(200);
    expect(
      (
        await surgeon.post('/meetings/{id}/attendance', {
          ...attendance,
          body: { userId: userId('radiologist@consilium.demo') },
        })
      ).status,
    ).toBe(403);
    for (const email of [
      'oncologist@consilium.demo',
      'radiotherapist@consilium.demo',
      'radiologist@consilium.demo',
      'coordinator@consilium.demo',
    ]) {
      expect(
        (await coordinator.post('/meetings/{id}/attendance', { ...attendance, body: { userId: userId(email) } }))
          .status,
      ).toBe(200);
    }
    const outsider = await coordinator.post('/meetings/{id}/attendance', {
      ...attendance,
      body: { userId: userId('admin@consilium.demo') },
    });
    expect(outsider.status).toBe(400);
    expect(fields(outsider.problem)).toEqual(['userId']);

    const notQuorate = await surgeon.get('/meetings/{id}/attendance', attendance);
    expect(notQuorate.body).toMatchObject({
      quorum: {
        requiredSpecialties: ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY', 'PATHOLOGY'],
        presentSpecialties: ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY'],
        missingSpecialties: ['PATHOLOGY'],
        quorate: false,
      },
    });
    expect(notQuorate.body.attendees).toHaveLength(5);

    const quorate = await coordinator.post('/meetings/{id}/attendance', {
      ...attendance,
      body: { userId: userId('pathologist@consilium.demo') },
    });
    expect(quorate.body).toMatchObject({ quorum: { missingSpecialties: [], quorate: true } });
    const left = await coordinator.delete('/meetings/{id}/attendance/{userId}', {
      params: { path: { id: meeting.id, userId: userId('radiologist@consilium.demo') } },
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
    const response = await surgeon.get('/meetings/{id}/agenda', { params: { path: { id: demoMeetingId } } });
    expect(response.status).toBe(200);
    const agenda = response.body;
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
    const feed = await surgeon.get('/me/calendar-feed');
    expect(feed.status).toBe(200);
    const url = feed.body.url;
    expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(url!).pathname;
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: userId('surgeon@consilium.demo') } });
    expect(stored.calendarFeedTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.calendarFeedTokenHash).not.toContain(path.slice(10, 53));

    const calendar = await fetch(`${stack.url}${path}`);
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await calendar.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain(`UID:${demoMeetingId}@consilium`);
    expect(text).toContain('2 cases on the agenda');
    expect(text).toMatch(/\r\nEND:VCALENDAR(\r\n)?$/);
    for (const phi of ['Example', 'Maria', 'DEMO-100001', 'CRC-DEMO']) expect(text).not.toContain(phi);

    expect((await surgeon.get('/me/calendar-feed')).body).toEqual({
      active: true,
      url: null,
    });
    const rotated = await surgeon.post('/me/calendar-feed/rotate');
    expect(rotated.status).toBe(200);
    const newPath = new URL(rotated.body.url!).pathname;
    expect(newPath).not.toBe(path);
    expect((await fetch(`${stack.url}${path}`)).status).toBe(404);
    expect((await fetch(`${stack.url}${newPath}`)).status).toBe(200);
    expect((await fetch(`${stack.url}/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${stack.url}/calendar/not-a-token.ics`)).status).toBe(404);
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
