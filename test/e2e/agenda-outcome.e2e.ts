import type { PrismaClient } from '@prisma/client';
import { rectalCaseColumns } from '../support/intake';
import { resectableFacts } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { startStack, type Problem, type Schemas, type Stack, type UserClient } from '../support/stack';

type Item = Schemas['AgendaItemDto'];

const fields = (problem: Problem | undefined): string[] => (problem?.errors ?? []).map((error) => error.field);

describe('agenda items: discussion notes and outcomes other than a decision', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let boardId: string;
  let coordinator: UserClient;
  let chair: UserClient;
  let surgeon: UserClient;
  let chairId: string;
  const ofMeeting = (id: string) => ({ params: { path: { id } } });
  const ofItem = (id: string, itemId: string) => ({ params: { path: { id, itemId } } });

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
    const created = await coordinator.post('/meetings', {
      body: { boardId, startsAt: startsAt.toISOString(), chairId },
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.id;
    const items: Item[] = [];
    for (const caseId of caseIds) {
      const added = await coordinator.post('/meetings/{id}/agenda', {
        ...ofMeeting(meetingId),
        // 10 is the API's default; openapi-typescript types a defaulted field as required.
        body: { caseId, minutesAllotted: 10 },
      });
      expect(added.status).toBe(201);
      items.push(added.body);
    }
    return { meetingId, items };
  }

  beforeAll(async () => {
    stack = await startStack('agenda_outcome');
    ({ prisma, boardId } = stack);
    // The seeded meeting holds the scheduled demo cases; these tests use cases of their own.
    await prisma.agendaItem.deleteMany({});
    coordinator = await stack.as('coordinator');
    chair = await stack.as('oncologist');
    surgeon = await stack.as('surgeon');
    chairId = chair.userId;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('keeps the notes a clinician writes, audited; a clinician who is not the chair cannot record an outcome', async () => {
    const caseId = await readyCase('CRC-DEMO-0002');
    const { meetingId, items } = await meetingWith([caseId], new Date(Date.now() + 5 * 60_000));
    const item = items[0]!;

    const saved = await surgeon.put('/meetings/{id}/agenda/{itemId}/notes', {
      ...ofItem(meetingId, item.id),
      body: { notes: '  Liver MRI disputed; radiology to re-read.  ' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.discussionNotes).toBe('Liver MRI disputed; radiology to re-read.');
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'meeting.agenda.notes', entityId: item.id },
    });
    expect(audit.changes).toEqual({ discussionNotes: { old: null, new: 'Liver MRI disputed; radiology to re-read.' } });

    const agenda = await surgeon.get('/meetings/{id}/agenda', ofMeeting(meetingId));
    expect(agenda.body.items[0]!.item.discussionNotes).toBe('Liver MRI disputed; radiology to re-read.');

    const tooLong = await surgeon.put('/meetings/{id}/agenda/{itemId}/notes', {
      ...ofItem(meetingId, item.id),
      body: { notes: 'x'.repeat(10_001) },
    });
    expect(tooLong.status).toBe(400);
    expect(fields(tooLong.problem)).toEqual(['notes']);

    const notChair = await surgeon.post('/meetings/{id}/agenda/{itemId}/outcome', {
      ...ofItem(meetingId, item.id),
      body: { outcome: 'MORE_INFORMATION', detail: 'PET-CT' },
    });
    expect(notChair.status).toBe(403);
    expect(await prisma.agendaItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ outcome: null });
  });

  it('defers a case to a later meeting: DISCUSSED here, on the later agenda and SCHEDULED there, each step audited', async () => {
    const caseId = await readyCase('CRC-DEMO-0003');
    const now = Date.now();
    const { meetingId, items } = await meetingWith([caseId], new Date(now + 10 * 60_000));
    const later = await coordinator.post('/meetings', {
      body: { boardId, startsAt: new Date(now + 7 * 86_400_000).toISOString() },
    });
    const laterId = later.body.id;
    const item = items[0]!;

    // Bad input: named fields, nothing changed.
    const missingDetail = await chair.post('/meetings/{id}/agenda/{itemId}/outcome', {
      ...ofItem(meetingId, item.id),
      body: { outcome: 'DEFERRED', detail: '' },
    });
    expect(missingDetail.status).toBe(400);
    expect(fields(missingDetail.problem)).toEqual(['detail']);
    // An outcome the document does not list: sent raw.
    const badOutcome = await chair.raw('POST', `/meetings/${meetingId}/agenda/${item.id}/outcome`, {
      body: { outcome: 'POSTPONED', detail: 'x' },
    });
    expect(fields(badOutcome.problem)).toEqual(['outcome']);
    const targetWithoutDeferral = await chair.post('/meetings/{id}/agenda/{itemId}/outcome', {
      ...ofItem(meetingId, item.id),
      body: { outcome: 'REFERRED_ELSEWHERE', detail: 'x', deferredToMeetingId: laterId },
    });
    expect(targetWithoutDeferral.status).toBe(400);
    expect(fields(targetWithoutDeferral.problem)).toEqual(['deferredToMeetingId']);
    const unknownTarget = await chair.post('/meetings/{id}/agenda/{itemId}/outcome', {
      ...ofItem(meetingId, item.id),
      body: { outcome: 'DEFERRED', detail: 'x', deferredToMeetingId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknownTarget.status).toBe(404);
    expect(fields(unknownTarget.problem)).toEqual(['deferredToMeetingId']);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('SCHEDULED');

    const deferred = await chair.post('/meetings/{id}/agenda/{itemId}/outcome', {
      ...ofItem(meetingId, item.id),
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
    const again = await coordinator.post('/meetings/{id}/agenda/{itemId}/outcome', {
      ...ofItem(meetingId, item.id),
      body: { outcome: 'MORE_INFORMATION', detail: 'x' },
    });
    expect(again.status).toBe(409);
    expect((await coordinator.delete('/meetings/{id}/agenda/{itemId}', ofItem(meetingId, item.id))).status).toBe(409);
  });

  it('records "referred elsewhere" without a later meeting: the case is DISCUSSED and may be scheduled again', async () => {
    const caseId = await readyCase('CRC-DEMO-0005');
    const { meetingId, items } = await meetingWith([caseId], new Date(Date.now() + 20 * 60_000));
    const referred = await coordinator.post('/meetings/{id}/agenda/{itemId}/outcome', {
      ...ofItem(meetingId, items[0]!.id),
      body: { outcome: 'REFERRED_ELSEWHERE', detail: 'Peritoneal surface malignancy centre' },
    });
    expect(referred.status).toBe(200);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('DISCUSSED');
    // The recorded item no longer holds the case: another meeting may take it.
    const other = await coordinator.post('/meetings', {
      body: { boardId, startsAt: new Date(Date.now() + 14 * 86_400_000).toISOString() },
    });
    const added = await coordinator.post('/meetings/{id}/agenda', {
      ...ofMeeting(other.body.id),
      body: { caseId, minutesAllotted: 10 },
    });
    expect(added.status).toBe(201);
  });

  it('says which case the presentation view shows: only an item of this agenda, audited, cleared with null', async () => {
    const caseId = await readyCase('CRC-DEMO-0006');
    const { meetingId, items } = await meetingWith([caseId], new Date(Date.now() + 30 * 60_000));
    const path = '/meetings/{id}/presenting';
    const present = (itemId: string | null) => ({ ...ofMeeting(meetingId), body: { itemId } });
    const shown = await coordinator.put(path, present(items[0]!.id));
    expect(shown.status).toBe(200);
    expect(shown.body.presentedItemId).toBe(items[0]!.id);
    expect((await surgeon.get('/meetings/{id}/agenda', ofMeeting(meetingId))).body).toMatchObject({
      meeting: { presentedItemId: items[0]!.id },
    });

    const notHere = await coordinator.put(path, present('00000000-0000-4000-8000-000000000000'));
    expect(notHere.status).toBe(404);
    expect(fields(notHere.problem)).toEqual(['itemId']);
    const notUuid = await coordinator.put(path, present('first'));
    expect(notUuid.status).toBe(400);
    expect(fields(notUuid.problem)).toEqual(['itemId']);
    expect((await surgeon.put(path, present(items[0]!.id))).status).toBe(403);

    expect((await coordinator.put(path, present(null))).body).toMatchObject({
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
