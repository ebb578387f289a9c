import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { MeetingEventsService } from '../../apps/api/src/meeting-events/meeting-events.service';
import { seedDemo } from '../../prisma/seed';
import { eventually } from '../browser/chromium';
import { openStream } from '../support/event-stream';
import { startApi, type RunningApi } from '../support/api';
import { call, login, recommendationIfMatch } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const CLINICIAN_PASSWORD = 'Demo-Clinician-Passw0rd';
const COORDINATOR = ['coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd'] as const;
const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;

describe('meeting events across API instances (Redis pub/sub)', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let first: RunningApi;
  let second: RunningApi;
  let meetingId: string;

  beforeAll(async () => {
    database = await createTestDatabase('meeting_events');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    meetingId = (await seedDemo(prisma)).meetingId;
    // One deployment (one Redis prefix), two processes' worth of API.
    const config = testConfig({ DATABASE_URL: database.url });
    first = await startApi(config);
    second = await startApi(config);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('delivers a vote taken through one instance to a stream held by the other within 2 s, ids and counts only', async () => {
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user]));
    const item = await prisma.agendaItem.findFirstOrThrow({ where: { meetingId }, orderBy: { position: 'asc' }, include: { case: { include: { patient: true } } } });
    const coordinator = (await login(first.url, ...COORDINATOR)).accessToken;
    const draft = await call(first.url, 'POST', `/cases/${item.caseId}/drafts`, { token: coordinator });
    expect(draft.status).toBe(201);
    const recommendation = draft.body as { id: string; primaryBranch: string };
    await prisma.$transaction([
      prisma.meeting.update({ where: { id: meetingId }, data: { status: 'IN_PROGRESS', chairId: users.get('oncologist')!.id, votingOpenUntil: new Date(Date.now() + 86_400_000) } }),
      ...QUORUM.map((name) => prisma.attendance.create({ data: { meetingId, userId: users.get(name)!.id, specialty: users.get(name)!.specialty } })),
    ]);

    const watcher = (await login(first.url, 'radiologist@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    const stream = await openStream(first.url, meetingId, watcher);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await stream.waitFor('ready');
    expect(first.app.get(MeetingEventsService).localStreams).toBe(1);

    // The chair proposes through the second instance: the first instance's stream hears it.
    const chair = (await login(second.url, 'oncologist@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    const proposal = { meetingId, branch: recommendation.primaryBranch, intent: 'palliative', steps: ['Systemic therapy'], regimens: ['FOLFOX'], rationale: 'Proposal for the event stream test' };
    expect((await call(second.url, 'PUT', `/recommendations/${recommendation.id}/proposal`, { token: chair, body: proposal, headers: await recommendationIfMatch(second.url, recommendation.id, chair) })).status).toBe(200);
    expect((await stream.waitFor('proposal', 2000)).data).toEqual({ kind: 'proposal', meetingId, recommendationId: recommendation.id, round: 1 });

    const voter = (await login(second.url, 'surgeon@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    const castAt = Date.now();
    expect((await call(second.url, 'POST', `/recommendations/${recommendation.id}/votes`, { token: voter, body: { choice: 'APPROVE', comment: 'Agreed' } })).status).toBe(201);
    const tally = await stream.waitFor('tally', 2000);
    const latencyMs = tally.at - castAt;
    console.log(`meeting events: vote on instance B seen on instance A's stream after ${latencyMs} ms (including the vote request)`);
    expect(latencyMs).toBeLessThan(2000);
    expect(tally.data).toEqual({ kind: 'tally', meetingId, recommendationId: recommendation.id, round: 1 });
    // No PHI in the stream: nothing of the patient or the vote's comment.
    const raw = JSON.stringify(stream.events);
    for (const secret of [item.case.patient.familyName, item.case.patient.mrn, 'Agreed']) expect(raw).not.toContain(secret);

    // A disconnect ends the subscription on the instance that held it.
    stream.close();
    await eventually(async () => expect(first.app.get(MeetingEventsService).localStreams).toBe(0));
  });

  it('answers 401 without a token and 404 for an unknown meeting, before any stream opens', async () => {
    const anonymous = await fetch(`${first.url}/meetings/${meetingId}/events`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/problem\+json/);
    const unknown = await fetch(`${first.url}/meetings/00000000-0000-4000-8000-000000000000/events`, { headers: { authorization: `Bearer ${(await login(first.url, 'surgeon@consilium.demo', CLINICIAN_PASSWORD)).accessToken}` } });
    expect(unknown.status).toBe(404);
  });
});
