import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { call, login, recommendationIfMatch } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { ABANDONED_CLAIM_MS } from '../../apps/api/src/votes/idempotency.service';
import { voteIdFor } from '../../apps/api/src/votes/votes.service';

const COORDINATOR = ['coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd'] as const;
const CLINICIAN_PASSWORD = 'Demo-Clinician-Passw0rd';
const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;

interface Tally {
  approve: number;
  approveWithChanges: number;
  reject: number;
  votes: { voterId: string; choice: string; comment: string | null }[];
}

describe('PUT /recommendations/:id/votes/mine: a vote is changed explicitly, never cast twice', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let recommendationId: string;
  const token = async (name: string): Promise<string> =>
    (await login(api.url, `${name}@consilium.demo`, CLINICIAN_PASSWORD)).accessToken;

  beforeAll(async () => {
    database = await createTestDatabase('vote_change');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    const meetingId = (await seedDemo(prisma)).meetingId;
    api = await startApi(testConfig({ DATABASE_URL: database.url }));
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
    const item = await prisma.agendaItem.findFirstOrThrow({ where: { meetingId }, orderBy: { position: 'asc' } });
    const coordinator = (await login(api.url, ...COORDINATOR)).accessToken;
    const draft = await call(api.url, 'POST', `/cases/${item.caseId}/drafts`, { token: coordinator });
    recommendationId = (draft.body as { id: string }).id;
    const chair = await token('oncologist');
    const primaryBranch = (draft.body as { primaryBranch: string }).primaryBranch;
    const proposed = await call(api.url, 'PUT', `/recommendations/${recommendationId}/proposal`, {
      token: chair,
      headers: await recommendationIfMatch(api.url, recommendationId, chair),
      body: {
        meetingId,
        branch: primaryBranch,
        intent: 'palliative',
        steps: ['Systemic therapy'],
        regimens: [],
        rationale: 'Vote change test',
      },
    });
    expect(proposed.status).toBe(200);
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('lets only the chair edit the proposal of a chaired meeting (403 for another clinician)', async () => {
    const surgeon = await token('surgeon');
    const current = (await call(api.url, 'GET', `/recommendations/${recommendationId}`, { token: surgeon })).body as {
      proposedPlan: Record<string, unknown>;
    };
    const edit = await call(api.url, 'PUT', `/recommendations/${recommendationId}/proposal`, {
      token: surgeon,
      headers: await recommendationIfMatch(api.url, recommendationId, surgeon),
      body: { ...current.proposedPlan, rationale: 'Not the chair' },
    });
    expect(edit.status).toBe(403);
    expect(JSON.stringify(edit.body)).toContain('APPROVE_WITH_CHANGES');
    expect(
      (await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendationId } })).proposedPlan,
    ).toMatchObject({ rationale: 'Vote change test' });
  });

  it('refuses a change before a vote (404) and a second cast (409); a change replaces the vote, audited', async () => {
    const surgeon = await token('surgeon');
    const path = `/recommendations/${recommendationId}/votes`;
    const early = await call(api.url, 'PUT', `${path}/mine`, { token: surgeon, body: { choice: 'REJECT' } });
    expect(early.status).toBe(404);

    expect((await call(api.url, 'POST', path, { token: surgeon, body: { choice: 'APPROVE' } })).status).toBe(201);
    const second = await call(api.url, 'POST', path, { token: surgeon, body: { choice: 'REJECT' } });
    expect(second.status).toBe(409);
    expect((second.body as { detail?: string }).detail).toBe('you have already voted in this round');

    const changed = await call(api.url, 'PUT', `${path}/mine`, {
      token: surgeon,
      body: { choice: 'APPROVE_WITH_CHANGES', comment: 'Add a biologic' },
    });
    expect(changed.status).toBe(200);
    const tally = changed.body as Tally;
    expect([tally.approve, tally.approveWithChanges, tally.reject]).toEqual([0, 1, 0]);
    expect(tally.votes).toHaveLength(1);
    expect(tally.votes[0]).toMatchObject({ choice: 'APPROVE_WITH_CHANGES', comment: 'Add a biologic' });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'vote.change' } });
    expect(audit.changes).toEqual({
      choice: { old: 'APPROVE', new: 'APPROVE_WITH_CHANGES' },
      comment: { old: null, new: 'Add a biologic' },
    });

    const bad = await call(api.url, 'PUT', `${path}/mine`, { token: surgeon, body: { choice: 'MAYBE' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('choice');
  });

  it('refuses a change from a clinician who has left the room (403)', async () => {
    const radiologist = await token('radiologist');
    const path = `/recommendations/${recommendationId}/votes`;
    expect((await call(api.url, 'POST', path, { token: radiologist, body: { choice: 'APPROVE' } })).status).toBe(201);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'radiologist@consilium.demo' } });
    await prisma.attendance.updateMany({ where: { userId: user.id }, data: { leftAt: new Date() } });
    expect(
      (await call(api.url, 'PUT', `${path}/mine`, { token: radiologist, body: { choice: 'REJECT' } })).status,
    ).toBe(403);
    expect((await prisma.vote.findFirstOrThrow({ where: { recommendationId, voterId: user.id } })).choice).toBe(
      'APPROVE',
    );
  });

  it('answers a retry of a vote whose process died mid-request (an abandoned Idempotency-Key claim) instead of 409 for ever', async () => {
    const path = `/recommendations/${recommendationId}/votes`;
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user]));
    const abandoned = new Date(Date.now() - ABANDONED_CLAIM_MS - 1_000);
    const claim = (name: string, key: string, createdAt: Date) =>
      prisma.idempotencyRecord.create({
        data: {
          userId: users.get(name)!.id,
          key,
          method: 'POST',
          path,
          requestHash: createHash('sha256')
            .update(`POST ${path} ${JSON.stringify({ choice: 'APPROVE' })}`)
            .digest('hex'),
          createdAt,
        },
      });

    // Claimed a moment ago: still in progress, 409.
    await claim('radiotherapist', 'retry-in-progress', new Date());
    expect(
      (
        await call(api.url, 'POST', path, {
          token: await token('radiotherapist'),
          body: { choice: 'APPROVE' },
          headers: { 'idempotency-key': 'retry-in-progress' },
        })
      ).status,
    ).toBe(409);

    // Claimed long ago and the vote committed before the process died: the retry gets 201 and the tally, one vote.
    const pathologist = users.get('pathologist')!;
    await claim('pathologist', 'retry-committed', abandoned);
    const round = (await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendationId } })).round;
    await prisma.vote.create({
      data: {
        id: voteIdFor(pathologist.id, 'retry-committed'),
        recommendationId,
        round,
        voterId: pathologist.id,
        specialty: pathologist.specialty!,
        choice: 'APPROVE',
      },
    });
    const committed = await call(api.url, 'POST', path, {
      token: await token('pathologist'),
      body: { choice: 'APPROVE' },
      headers: { 'idempotency-key': 'retry-committed' },
    });
    expect(committed.status).toBe(201);
    expect((committed.body as Tally).votes.filter((vote) => vote.voterId === pathologist.id)).toHaveLength(1);
    expect(await prisma.vote.count({ where: { recommendationId, voterId: pathologist.id } })).toBe(1);
    // ...and the answer is stored: the next retry replays it.
    const replayed = await call(api.url, 'POST', path, {
      token: await token('pathologist'),
      body: { choice: 'APPROVE' },
      headers: { 'idempotency-key': 'retry-committed' },
    });
    expect([replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([201, 'true']);

    // Claimed long ago, nothing committed: the retry casts the vote. Another key for a vote already cast is still 409.
    await claim('radiotherapist', 'retry-lost-vote', abandoned);
    expect(
      (
        await call(api.url, 'POST', path, {
          token: await token('radiotherapist'),
          body: { choice: 'APPROVE' },
          headers: { 'idempotency-key': 'retry-lost-vote' },
        })
      ).status,
    ).toBe(201);
    expect(await prisma.vote.count({ where: { recommendationId, voterId: users.get('radiotherapist')!.id } })).toBe(1);
    expect(
      (
        await call(api.url, 'POST', path, {
          token: await token('pathologist'),
          body: { choice: 'APPROVE' },
          headers: { 'idempotency-key': 'another-key-1' },
        })
      ).status,
    ).toBe(409);
  });
});
