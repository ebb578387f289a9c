import { PrismaPg } from '@prisma/adapter-pg';
import { rectalCaseColumns } from '../support/intake';
import { resectableFacts } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { PrismaClient } from '@prisma/client';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const COORDINATOR = ['coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd'] as const;
const CLINICIAN_PASSWORD = 'Demo-Clinician-Passw0rd';

interface Item {
  id: string;
  caseId: string;
  discussionNotes: string | null;
  outcome: string | null;
  outcomeDetail: string | null;
  deferredToMeetingId: string | null;
}
interface Problem {
  errors?: { field: string }[];
}

const fields = (body: unknown): string[] => ((body as Problem).errors ?? []).map((error) => error.field);

describe('agenda items: discussion notes and outcomes other than a decision', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let boardId: string;
  let coordinator: string;
  let chair: string;
  let surgeon: string;
  let chairId: string;

  /** A complete READY case of the demo board (its intake is the lead's; here only its state matters). */
  async function readyCase(reference: string): Promise<string> {
    const row = await prisma.case.update({
      where: { reference },
      data: {
        status: 'READY',
        ...rectalCaseColumns(resectableFacts({ ecog: 1 })),
        lastImagingDate: new Date('2026-11-01'),
        questionForBoard: 'Plan?',
      },
    });
    return row.id;
  }

  async function meetingWith(caseIds: string[], startsAt: Date): Promise<{ meetingId: string; items: Item[] }> {
    const created = await call(api.url, 'POST', '/meetings', {
      token: coordinator,
      body: { boardId, startsAt: startsAt.toISOString(), chairId },
    });
    expect(created.status).toBe(201);
    const meetingId = (created.body as { id: string }).id;
    const items: Item[] = [];
    for (const caseId of caseIds) {
      const added = await call(api.url, 'POST', `/meetings/${meetingId}/agenda`, {
        token: coordinator,
        body: { caseId },
      });
      expect(added.status).toBe(201);
      items.push(added.body as Item);
    }
    return { meetingId, items };
  }

  beforeAll(async () => {
    database = await createTestDatabase('agenda_outcome');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    boardId = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
    // The seeded meeting holds the scheduled demo cases; these tests use cases of their own.
    await prisma.agendaItem.deleteMany({});
    api = await startApi(testConfig({ DATABASE_URL: database.url }));
    coordinator = (await login(api.url, ...COORDINATOR)).accessToken;
    chair = (await login(api.url, 'oncologist@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    surgeon = (await login(api.url, 'surgeon@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    chairId = (await prisma.user.findUniqueOrThrow({ where: { email: 'oncologist@consilium.demo' } })).id;
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('keeps the notes a clinician writes, audited; a clinician who is not the chair cannot record an outcome', async () => {
    const caseId = await readyCase('CRC-DEMO-0002');
    const { meetingId, items } = await meetingWith([caseId], new Date(Date.now() + 5 * 60_000));
    const item = items[0]!;

    const saved = await call(api.url, 'PUT', `/meetings/${meetingId}/agenda/${item.id}/notes`, {
      token: surgeon,
      body: { notes: '  Liver MRI disputed; radiology to re-read.  ' },
    });
    expect(saved.status).toBe(200);
    expect((saved.body as Item).discussionNotes).toBe('Liver MRI disputed; radiology to re-read.');
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'meeting.agenda.notes', entityId: item.id },
    });
    expect(audit.changes).toEqual({ discussionNotes: { old: null, new: 'Liver MRI disputed; radiology to re-read.' } });

    const agenda = await call(api.url, 'GET', `/meetings/${meetingId}/agenda`, { token: surgeon });
    expect((agenda.body as { items: { item: Item }[] }).items[0]!.item.discussionNotes).toBe(
      'Liver MRI disputed; radiology to re-read.',
    );

    const tooLong = await call(api.url, 'PUT', `/meetings/${meetingId}/agenda/${item.id}/notes`, {
      token: surgeon,
      body: { notes: 'x'.repeat(10_001) },
    });
    expect(tooLong.status).toBe(400);
    expect(fields(tooLong.body)).toEqual(['notes']);

    const notChair = await call(api.url, 'POST', `/meetings/${meetingId}/agenda/${item.id}/outcome`, {
      token: surgeon,
      body: { outcome: 'MORE_INFORMATION', detail: 'PET-CT' },
    });
    expect(notChair.status).toBe(403);
    expect(await prisma.agendaItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ outcome: null });
  });

  it('defers a case to a later meeting: DISCUSSED here, on the later agenda and SCHEDULED there, each step audited', async () => {
    const caseId = await readyCase('CRC-DEMO-0003');
    const now = Date.now();
    const { meetingId, items } = await meetingWith([caseId], new Date(now + 10 * 60_000));
    const later = await call(api.url, 'POST', '/meetings', {
      token: coordinator,
      body: { boardId, startsAt: new Date(now + 7 * 86_400_000).toISOString() },
    });
    const laterId = (later.body as { id: string }).id;
    const item = items[0]!;

    // Bad input: named fields, nothing changed.
    const missingDetail = await call(api.url, 'POST', `/meetings/${meetingId}/agenda/${item.id}/outcome`, {
      token: chair,
      body: { outcome: 'DEFERRED', detail: '' },
    });
    expect(missingDetail.status).toBe(400);
    expect(fields(missingDetail.body)).toEqual(['detail']);
    const badOutcome = await call(api.url, 'POST', `/meetings/${meetingId}/agenda/${item.id}/outcome`, {
      token: chair,
      body: { outcome: 'POSTPONED', detail: 'x' },
    });
    expect(fields(badOutcome.body)).toEqual(['outcome']);
    const targetWithoutDeferral = await call(api.url, 'POST', `/meetings/${meetingId}/agenda/${item.id}/outcome`, {
      token: chair,
      body: { outcome: 'REFERRED_ELSEWHERE', detail: 'x', deferredToMeetingId: laterId },
    });
    expect(targetWithoutDeferral.status).toBe(400);
    expect(fields(targetWithoutDeferral.body)).toEqual(['deferredToMeetingId']);
    const unknownTarget = await call(api.url, 'POST', `/meetings/${meetingId}/agenda/${item.id}/outcome`, {
      token: chair,
      body: { outcome: 'DEFERRED', detail: 'x', deferredToMeetingId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknownTarget.status).toBe(404);
    expect(fields(unknownTarget.body)).toEqual(['deferredToMeetingId']);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('SCHEDULED');

    const deferred = await call(api.url, 'POST', `/meetings/${meetingId}/agenda/${item.id}/outcome`, {
      token: chair,
      body: { outcome: 'DEFERRED', detail: 'Awaiting the liver MRI', deferredToMeetingId: laterId },
    });
    expect(deferred.status).toBe(200);
    expect(deferred.body).toMatchObject({
      outcome: 'DEFERRED',
      outcomeDetail: 'Awaiting the liver MRI',
      deferredToMeetingId: laterId,
    });
    expect((await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('SCHEDULED');
    expect(await prisma.agendaItem.count({ where: { meetingId: laterId, caseId } })).toBe(1);
    const statuses = await prisma.auditEvent.findMany({
      where: { type: 'case.status', entityId: caseId },
      orderBy: { seq: 'asc' },
    });
    expect(statuses.slice(-2).map((event) => event.changes)).toEqual([
      { status: { old: 'SCHEDULED', new: 'DISCUSSED' } },
      { status: { old: 'DISCUSSED', new: 'SCHEDULED' } },
    ]);
    expect(await prisma.auditEvent.count({ where: { type: 'meeting.agenda.outcome', entityId: item.id } })).toBe(1);

    // Once recorded: not again, and the item stays on the agenda.
    const again = await call(api.url, 'POST', `/meetings/${meetingId}/agenda/${item.id}/outcome`, {
      token: coordinator,
      body: { outcome: 'MORE_INFORMATION', detail: 'x' },
    });
    expect(again.status).toBe(409);
    expect(
      (await call(api.url, 'DELETE', `/meetings/${meetingId}/agenda/${item.id}`, { token: coordinator })).status,
    ).toBe(409);
  });

  it('records "referred elsewhere" without a later meeting: the case is DISCUSSED and may be scheduled again', async () => {
    const caseId = await readyCase('CRC-DEMO-0005');
    const { meetingId, items } = await meetingWith([caseId], new Date(Date.now() + 20 * 60_000));
    const referred = await call(api.url, 'POST', `/meetings/${meetingId}/agenda/${items[0]!.id}/outcome`, {
      token: coordinator,
      body: { outcome: 'REFERRED_ELSEWHERE', detail: 'Peritoneal surface malignancy centre' },
    });
    expect(referred.status).toBe(200);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('DISCUSSED');
    // The recorded item no longer holds the case: another meeting may take it.
    const other = await call(api.url, 'POST', '/meetings', {
      token: coordinator,
      body: { boardId, startsAt: new Date(Date.now() + 14 * 86_400_000).toISOString() },
    });
    const added = await call(api.url, 'POST', `/meetings/${(other.body as { id: string }).id}/agenda`, {
      token: coordinator,
      body: { caseId },
    });
    expect(added.status).toBe(201);
  });

  it('says which case the presentation view shows: only an item of this agenda, audited, cleared with null', async () => {
    const caseId = await readyCase('CRC-DEMO-0006');
    const { meetingId, items } = await meetingWith([caseId], new Date(Date.now() + 30 * 60_000));
    const path = `/meetings/${meetingId}/presenting`;
    const shown = await call(api.url, 'PUT', path, { token: coordinator, body: { itemId: items[0]!.id } });
    expect(shown.status).toBe(200);
    expect((shown.body as { presentedItemId: string }).presentedItemId).toBe(items[0]!.id);
    expect((await call(api.url, 'GET', `/meetings/${meetingId}/agenda`, { token: surgeon })).body).toMatchObject({
      meeting: { presentedItemId: items[0]!.id },
    });

    const notHere = await call(api.url, 'PUT', path, {
      token: coordinator,
      body: { itemId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(notHere.status).toBe(404);
    expect(fields(notHere.body)).toEqual(['itemId']);
    const notUuid = await call(api.url, 'PUT', path, { token: coordinator, body: { itemId: 'first' } });
    expect(notUuid.status).toBe(400);
    expect(fields(notUuid.body)).toEqual(['itemId']);
    expect((await call(api.url, 'PUT', path, { token: surgeon, body: { itemId: items[0]!.id } })).status).toBe(403);

    expect((await call(api.url, 'PUT', path, { token: coordinator, body: { itemId: null } })).body).toMatchObject({
      presentedItemId: null,
    });
    const audit = await prisma.auditEvent.findMany({
      where: { type: 'meeting.presenting', entityId: meetingId },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((event) => event.changes)).toEqual([
      { presentedItemId: { old: null, new: items[0]!.id } },
      { presentedItemId: { old: items[0]!.id, new: null } },
    ]);
  });
});
