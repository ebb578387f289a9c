import { createHash } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { ifMatch, recommendationEtag, startStack, type Schemas, type Stack, type UserClient } from '../support/stack';
import { ABANDONED_CLAIM_MS } from '../../apps/api/src/votes/idempotency.service';
import { voteIdFor } from '../../apps/api/src/votes/votes.service';

const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;

describe('PUT /recommendations/:id/votes/mine: a vote is changed explicitly, never cast twice', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let recommendationId: string;
  const as = (name: string): Promise<UserClient> => stack.as(name);
  const ofRecommendation = () => ({ params: { path: { id: recommendationId } } });

  beforeAll(async () => {
    stack = await startStack('vote_change');
    prisma = stack.prisma;
    const meetingId = stack.seeded!.meetingId;
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
    const coordinator = await as('coordinator');
    const draft = await coordinator.post('/cases/{id}/drafts', { params: { path: { id: item.caseId } } });
    recommendationId = draft.body.id;
    const chair = await as('oncologist');
    const primaryBranch = draft.body.primaryBranch;
    const proposed = await chair.put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendationId, await recommendationEtag(chair, recommendationId)),
      body: {
        meetingId,
        branch: primaryBranch as Schemas['ProposalDto']['branch'],
        intent: 'palliative',
        steps: ['Systemic therapy'],
        regimens: [],
        rationale: 'Vote change test',
      },
    });
    expect(proposed.status).toBe(200);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lets only the chair edit the proposal of a chaired meeting (403 for another clinician)', async () => {
    const surgeon = await as('surgeon');
    const current = (await surgeon.get('/recommendations/{id}', ofRecommendation())).body;
    // The stored plan as it was read, edited: sent raw (the document types the plan read, not the one written).
    const edit = await surgeon.raw('PUT', `/recommendations/${recommendationId}/proposal`, {
      headers: { 'if-match': await recommendationEtag(surgeon, recommendationId) },
      body: { ...current.proposedPlan, rationale: 'Not the chair' },
    });
    expect(edit.status).toBe(403);
    expect(JSON.stringify(edit.body)).toContain('APPROVE_WITH_CHANGES');
    expect(
      (await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendationId } })).proposedPlan,
    ).toMatchObject({ rationale: 'Vote change test' });
  });

  it('refuses a change before a vote (404) and a second cast (409); a change replaces the vote, audited', async () => {
    const surgeon = await as('surgeon');
    const early = await surgeon.put('/recommendations/{id}/votes/mine', {
      ...ofRecommendation(),
      body: { choice: 'REJECT' },
    });
    expect(early.status).toBe(404);

    expect(
      (await surgeon.post('/recommendations/{id}/votes', { ...ofRecommendation(), body: { choice: 'APPROVE' } }))
        .status,
    ).toBe(201);
    const second = await surgeon.post('/recommendations/{id}/votes', {
      ...ofRecommendation(),
      body: { choice: 'REJECT' },
    });
    expect(second.status).toBe(409);
    expect(second.problem?.detail).toBe('you have already voted in this round');

    const changed = await surgeon.put('/recommendations/{id}/votes/mine', {
      ...ofRecommendation(),
      body: { choice: 'APPROVE_WITH_CHANGES', comment: 'Add a biologic' },
    });
    expect(changed.status).toBe(200);
    const tally = changed.body;
    expect([tally.approve, tally.approveWithChanges, tally.reject]).toEqual([0, 1, 0]);
    expect(tally.votes).toHaveLength(1);
    expect(tally.votes[0]).toMatchObject({ choice: 'APPROVE_WITH_CHANGES', comment: 'Add a biologic' });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'vote.change' } });
    expect(audit.changes).toEqual({
      choice: { old: 'APPROVE', new: 'APPROVE_WITH_CHANGES' },
      comment: { old: null, new: 'Add a biologic' },
    });

    const bad = await surgeon.raw('PUT', `/recommendations/${recommendationId}/votes/mine`, {
      body: { choice: 'MAYBE' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('choice');
  });

  it('refuses a change from a clinician who has left the room (403)', async () => {
    const radiologist = await as('radiologist');
    expect(
      (await radiologist.post('/recommendations/{id}/votes', { ...ofRecommendation(), body: { choice: 'APPROVE' } }))
        .status,
    ).toBe(201);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'radiologist@consilium.demo' } });
    await prisma.attendance.updateMany({ where: { userId: user.id }, data: { leftAt: new Date() } });
    expect(
      (await radiologist.put('/recommendations/{id}/votes/mine', { ...ofRecommendation(), body: { choice: 'REJECT' } }))
        .status,
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
        await (
          await as('radiotherapist')
        ).post('/recommendations/{id}/votes', {
          ...ofRecommendation(),
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
    const committed = await (
      await as('pathologist')
    ).post('/recommendations/{id}/votes', {
      ...ofRecommendation(),
      body: { choice: 'APPROVE' },
      headers: { 'idempotency-key': 'retry-committed' },
    });
    expect(committed.status).toBe(201);
    expect(committed.body.votes.filter((vote) => vote.voterId === pathologist.id)).toHaveLength(1);
    expect(await prisma.vote.count({ where: { recommendationId, voterId: pathologist.id } })).toBe(1);
    // ...and the answer is stored: the next retry replays it.
    const replayed = await (
      await as('pathologist')
    ).post('/recommendations/{id}/votes', {
      ...ofRecommendation(),
      body: { choice: 'APPROVE' },
      headers: { 'idempotency-key': 'retry-committed' },
    });
    expect([replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([201, 'true']);

    // Claimed long ago, nothing committed: the retry casts the vote. Another key for a vote already cast is still 409.
    await claim('radiotherapist', 'retry-lost-vote', abandoned);
    expect(
      (
        await (
          await as('radiotherapist')
        ).post('/recommendations/{id}/votes', {
          ...ofRecommendation(),
          body: { choice: 'APPROVE' },
          headers: { 'idempotency-key': 'retry-lost-vote' },
        })
      ).status,
    ).toBe(201);
    expect(await prisma.vote.count({ where: { recommendationId, voterId: users.get('radiotherapist')!.id } })).toBe(1);
    expect(
      (
        await (
          await as('pathologist')
        ).post('/recommendations/{id}/votes', {
          ...ofRecommendation(),
          body: { choice: 'APPROVE' },
          headers: { 'idempotency-key': 'another-key-1' },
        })
      ).status,
    ).toBe(409);
  });
});
