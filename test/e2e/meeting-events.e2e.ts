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
import { followMeeting, missingEvents, type ReceivedEvent } from '../support/meeting-stream';

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

  /** The meeting in progress, chaired by the oncologist, the quorum checked in (once, whichever test comes first). */
  let inProgress: Promise<void> | undefined;
  const meetingInProgress = (): Promise<void> =>
    (inProgress ??= (async () => {
      const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user]));
      await prisma.$transaction([
        prisma.meeting.update({
          where: { id: meetingId },
          data: {
            status: 'IN_PROGRESS',
            chairId: users.get('oncologist')!.id,
            votingOpenUntil: new Date(Date.now() + 86_400_000),
          },
        }),
        ...QUORUM.map((name) =>
          prisma.attendance.create({
            data: { meetingId, userId: users.get(name)!.id, specialty: users.get(name)!.specialty },
          }),
        ),
      ]);
    })());

  it('delivers a vote taken through one instance to a stream held by the other within 2 s, ids and counts only', async () => {
    const item = await prisma.agendaItem.findFirstOrThrow({
      where: { meetingId },
      orderBy: { position: 'asc' },
      include: { case: { include: { patient: true } } },
    });
    const coordinator = (await login(first.url, ...COORDINATOR)).accessToken;
    const draft = await call(first.url, 'POST', `/cases/${item.caseId}/drafts`, { token: coordinator });
    expect(draft.status).toBe(201);
    const recommendation = draft.body as { id: string; primaryBranch: string };
    await meetingInProgress();

    const watcher = (await login(first.url, 'radiologist@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    const stream = await openStream(first.url, meetingId, watcher);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await stream.waitFor('ready');
    expect(first.app.get(MeetingEventsService).localStreams).toBe(1);

    // The chair proposes through the second instance: the first instance's stream hears it.
    const chair = (await login(second.url, 'oncologist@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    const proposal = {
      meetingId,
      branch: recommendation.primaryBranch,
      intent: 'palliative',
      steps: ['Systemic therapy'],
      regimens: ['FOLFOX'],
      rationale: 'Proposal for the event stream test',
    };
    expect(
      (
        await call(second.url, 'PUT', `/recommendations/${recommendation.id}/proposal`, {
          token: chair,
          body: proposal,
          headers: await recommendationIfMatch(second.url, recommendation.id, chair),
        })
      ).status,
    ).toBe(200);
    expect((await stream.waitFor('proposal', 2000)).data).toEqual({
      kind: 'proposal',
      meetingId,
      recommendationId: recommendation.id,
      round: 1,
    });

    const voter = (await login(second.url, 'surgeon@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    const castAt = Date.now();
    expect(
      (
        await call(second.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
          token: voter,
          body: { choice: 'APPROVE', comment: 'Agreed' },
        })
      ).status,
    ).toBe(201);
    const tally = await stream.waitFor('tally', 2000);
    const latencyMs = tally.at - castAt;
    console.log(
      `meeting events: vote on instance B seen on instance A's stream after ${latencyMs} ms (including the vote request)`,
    );
    expect(latencyMs).toBeLessThan(2000);
    expect(tally.data).toEqual({ kind: 'tally', meetingId, recommendationId: recommendation.id, round: 1 });
    // No PHI in the stream: nothing of the patient or the vote's comment.
    const raw = JSON.stringify(stream.events);
    for (const secret of [item.case.patient.familyName, item.case.patient.mrn, 'Agreed'])
      expect(raw).not.toContain(secret);

    // A disconnect ends the subscription on the instance that held it.
    stream.close();
    await eventually(async () => expect(first.app.get(MeetingEventsService).localStreams).toBe(0));
  });

  it('replays the events a screen missed after it reconnects with Last-Event-ID, through another instance, or says reset', async () => {
    await meetingInProgress();
    const item = await prisma.agendaItem.findFirstOrThrow({ where: { meetingId }, orderBy: { position: 'desc' } });
    const coordinator = (await login(first.url, ...COORDINATOR)).accessToken;
    const draft = await call(first.url, 'POST', `/cases/${item.caseId}/drafts`, { token: coordinator });
    expect(draft.status).toBe(201);
    const recommendation = draft.body as { id: string; primaryBranch: string };
    const chair = (await login(second.url, 'oncologist@consilium.demo', CLINICIAN_PASSWORD)).accessToken;
    const proposal = {
      meetingId,
      branch: recommendation.primaryBranch,
      intent: 'palliative',
      steps: ['Systemic therapy'],
      regimens: ['FOLFOX'],
      rationale: 'Proposal for the replay test',
    };
    expect(
      (
        await call(second.url, 'PUT', `/recommendations/${recommendation.id}/proposal`, {
          token: chair,
          body: proposal,
          headers: await recommendationIfMatch(second.url, recommendation.id, chair),
        })
      ).status,
    ).toBe(200);
    const token = async (name: string): Promise<string> =>
      (await login(first.url, `${name}@consilium.demo`, CLINICIAN_PASSWORD)).accessToken;
    const [watcher, radiotherapist, pathologist, radiologist] = await Promise.all(
      ['surgeon', 'radiotherapist', 'pathologist', 'radiologist'].map(token),
    );
    const tallies = (events: readonly ReceivedEvent[]): ReceivedEvent[] =>
      events.filter((event) => event.type === 'tally' && event.data.recommendationId === recommendation.id);

    // A screen follows the meeting on the first instance and sees a vote.
    const screen = followMeeting(first.url, meetingId, () => watcher!);
    await eventually(async () => expect(screen.events.some((event) => event.type === 'ready')).toBe(true));
    expect(
      (
        await call(second.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
          token: radiotherapist,
          body: { choice: 'APPROVE' },
        })
      ).status,
    ).toBe(201);
    await eventually(async () => expect(tallies(screen.events)).toHaveLength(1));
    const seen = tallies(screen.events)[0]!;
    expect(seen.id).toMatch(/^[0-9a-f]{8}\.\d+$/);
    screen.close();

    // While it is away: a vote changed and a vote cast, through both instances.
    expect(
      (
        await call(second.url, 'PUT', `/recommendations/${recommendation.id}/votes/mine`, {
          token: radiotherapist,
          body: { choice: 'REJECT', comment: 'Changed my mind' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(first.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
          token: pathologist,
          body: { choice: 'APPROVE' },
        })
      ).status,
    ).toBe(201);

    // It comes back through the other instance with the last id it saw: both missed events first, in order, then live ones.
    const back = followMeeting(second.url, meetingId, () => watcher!, { lastEventId: seen.id });
    await eventually(async () => expect(tallies(back.events)).toHaveLength(2));
    const [generation, sequence] = seen.id!.split('.') as [string, string];
    expect(tallies(back.events).map((event) => event.id)).toEqual([
      `${generation}.${Number(sequence) + 1}`,
      `${generation}.${Number(sequence) + 2}`,
    ]);
    expect(back.events.some((event) => event.type === 'reset')).toBe(false);
    expect(
      (
        await call(first.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
          token: radiologist,
          body: { choice: 'APPROVE' },
        })
      ).status,
    ).toBe(201);
    await eventually(async () => expect(tallies(back.events)).toHaveLength(3));
    expect(missingEvents([seen, ...back.events])).toEqual([]);
    const head = back.lastEventId()!;
    back.close();

    // Up to date: nothing replayed, no reset. An id of another generation (Redis restarted) or not ours: reset, naming the newest id.
    const current = followMeeting(first.url, meetingId, () => watcher!, { lastEventId: head });
    const stale = followMeeting(first.url, meetingId, () => watcher!, {
      lastEventId: `00000000.${Number(head.split('.')[1])}`,
    });
    const garbage = followMeeting(first.url, meetingId, () => watcher!, { lastEventId: 'not-an-id' });
    for (const stream of [stale, garbage]) {
      await eventually(async () =>
        expect(stream.events.find((event) => event.type === 'reset')).toMatchObject({
          id: head,
          data: { kind: 'reset', meetingId },
        }),
      );
    }
    await eventually(async () => expect(current.events.some((event) => event.type === 'ready')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(current.events.map((event) => event.type)).toEqual(['ready']);
    for (const stream of [current, stale, garbage]) stream.close();
  });

  it('answers 401 without a token and 404 for an unknown meeting, before any stream opens', async () => {
    const anonymous = await fetch(`${first.url}/meetings/${meetingId}/events`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/problem\+json/);
    const unknown = await fetch(`${first.url}/meetings/00000000-0000-4000-8000-000000000000/events`, {
      headers: {
        authorization: `Bearer ${(await login(first.url, 'surgeon@consilium.demo', CLINICIAN_PASSWORD)).accessToken}`,
      },
    });
    expect(unknown.status).toBe(404);
  });
});
