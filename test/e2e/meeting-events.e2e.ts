import type { PrismaClient } from '@prisma/client';
import { MeetingEventsService } from '../../apps/api/src/meeting-events/meeting-events.service';
import { eventually } from '../browser/chromium';
import { openStream } from '../support/event-stream';
import { startApi, type RunningApi } from '../support/api';
import { followMeeting, missingEvents, type ReceivedEvent } from '../support/meeting-stream';
import {
  apiClient,
  ifMatch,
  recommendationEtag,
  signIn,
  startStack,
  type Schemas,
  type Stack,
  type UserClient,
} from '../support/stack';

const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;

describe('meeting events across API instances (Redis pub/sub)', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let first: RunningApi;
  let second: RunningApi;
  let meetingId: string;
  /** A demo user signed in on the second instance. */
  const onSecond = (who: string): Promise<UserClient> => signIn(second.url, who, prisma);

  beforeAll(async () => {
    // One deployment (one Redis prefix), two processes' worth of API: the stack's and one more on its config.
    stack = await startStack('meeting_events');
    ({ prisma, api: first } = stack);
    meetingId = stack.seeded!.meetingId;
    second = await startApi(stack.config);
  });

  afterAll(async () => {
    await second?.close();
    await stack?.close();
  });

  async function draft(caseId: string): Promise<Schemas['RecommendationDto']> {
    const coordinator = await stack.as('coordinator');
    const drafted = await coordinator.post('/cases/{id}/drafts', { params: { path: { id: caseId } } });
    expect(drafted.status).toBe(201);
    return drafted.body;
  }

  async function propose(chair: UserClient, recommendation: Schemas['RecommendationDto'], rationale: string) {
    return chair.put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendation.id, await recommendationEtag(chair, recommendation.id)),
      body: {
        meetingId,
        branch: recommendation.primaryBranch!,
        intent: 'palliative',
        steps: ['Systemic therapy'],
        regimens: ['FOLFOX'],
        rationale,
      },
    });
  }

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
    const recommendation = await draft(item.caseId);
    await meetingInProgress();

    const watcher = (await stack.as('radiologist')).token;
    const stream = await openStream(first.url, meetingId, watcher);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await stream.waitFor('ready');
    expect(first.app.get(MeetingEventsService).localStreams).toBe(1);

    // The chair proposes through the second instance: the first instance's stream hears it.
    const chair = await onSecond('oncologist');
    expect((await propose(chair, recommendation, 'Proposal for the event stream test')).status).toBe(200);
    expect((await stream.waitFor('proposal', 2000)).data).toEqual({
      kind: 'proposal',
      meetingId,
      recommendationId: recommendation.id,
      round: 1,
    });

    const voter = await onSecond('surgeon');
    const castAt = Date.now();
    expect(
      (
        await voter.post('/recommendations/{id}/votes', {
          params: { path: { id: recommendation.id } },
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
    const recommendation = await draft(item.caseId);
    const chair = await onSecond('oncologist');
    expect((await propose(chair, recommendation, 'Proposal for the replay test')).status).toBe(200);
    // Signed in on the first instance; a client sends to the instance named in each call below.
    const [watcherClient, radiotherapist, pathologist, radiologist] = await Promise.all(
      ['surgeon', 'radiotherapist', 'pathologist', 'radiologist'].map((name) => stack.as(name)),
    );
    const watcher = watcherClient!.token;
    const votes = { params: { path: { id: recommendation.id } } };
    const tallies = (events: readonly ReceivedEvent[]): ReceivedEvent[] =>
      events.filter((event) => event.type === 'tally' && event.data.recommendationId === recommendation.id);

    // A screen follows the meeting on the first instance and sees a vote.
    const screen = followMeeting(first.url, meetingId, () => watcher!);
    await eventually(async () => expect(screen.events.some((event) => event.type === 'ready')).toBe(true));
    expect(
      (
        await apiClient(second.url, radiotherapist!.token).post('/recommendations/{id}/votes', {
          ...votes,
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
        await apiClient(second.url, radiotherapist!.token).put('/recommendations/{id}/votes/mine', {
          ...votes,
          body: { choice: 'REJECT', comment: 'Changed my mind' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await pathologist!.post('/recommendations/{id}/votes', {
          ...votes,
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
        await radiologist!.post('/recommendations/{id}/votes', {
          ...votes,
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
        authorization: `Bearer ${(await stack.as('surgeon')).token}`,
      },
    });
    expect(unknown.status).toBe(404);
  });
});
