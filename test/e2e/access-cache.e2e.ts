import type { PrismaClient } from '@prisma/client';
import { Client } from 'pg';
import { AccessCache } from '../../apps/api/src/access/access-cache';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { apiClient, demoUser, signIn, startStack, type ApiClient, type Stack, type UserClient } from '../support/stack';

const SURGEON = demoUser('surgeon').email;

/** Polls until `check` passes; returns how long that took. Fails after `limitMs`. */
async function within(limitMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The principal and board caches (apps/api/src/access/access-cache.ts) never outlive a change:
 * two API instances on one database, a change made through one (or straight in SQL) is obeyed by
 * the other as soon as it commits.
 */
describe('access caches across API instances', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let first: RunningApi;
  let second: RunningApi;
  let admin: UserClient;
  let caseId: string;
  let boardId: string;

  beforeAll(async () => {
    stack = await startStack('access_cache', { env: { SERVICE_INSTANCE: 'api-1' } });
    ({ prisma, api: first } = stack);
    const demoCase = await prisma.case.findFirstOrThrow({ where: { reference: 'CRC-DEMO-0001' } });
    caseId = demoCase.id;
    boardId = demoCase.boardId;
    second = await startApi(testConfig({ DATABASE_URL: stack.database.url, SERVICE_INSTANCE: 'api-2' }));
    admin = await stack.as('admin');
  });
  afterAll(async () => {
    await second?.close();
    await stack?.close();
  });

  /** A fresh session of the surgeon, signed in on the first instance, with a client on each instance. */
  interface SurgeonSession {
    readonly userId: string;
    readonly onFirst: ApiClient;
    readonly onSecond: ApiClient;
  }

  const readCase = (client: ApiClient) => client.get('/cases/{id}', { params: { path: { id: caseId } } });

  async function surgeonSession(): Promise<SurgeonSession> {
    const onFirst = await signIn(first.url, SURGEON, prisma);
    const onSecond = apiClient(second.url, onFirst.token);
    // Warm both instances' caches: principal and the case's board.
    for (const client of [onFirst, onSecond]) expect((await readCase(client)).status).toBe(200);
    return { userId: onFirst.userId, onFirst, onSecond };
  }

  it('revoking sessions on one instance is obeyed by the other as soon as it commits', async () => {
    const session = await surgeonSession();
    expect(
      (await admin.post('/users/{id}/revoke-sessions', { params: { path: { id: session.userId } } })).status,
    ).toBeLessThan(300);
    const elapsed = await within(1000, async () => (await session.onSecond.get('/auth/me')).status === 401);
    console.log(`access cache: revocation obeyed by the other instance after ${elapsed} ms`);
    expect((await session.onFirst.get('/auth/me')).status).toBe(401);
  });

  it('a membership removed on one instance hides the board on the other', async () => {
    const session = await surgeonSession();
    const membership = { params: { path: { id: boardId, userId: session.userId } } };
    expect((await admin.delete('/boards/{id}/members/{userId}', membership)).status).toBeLessThan(300);
    await within(1000, async () => (await readCase(session.onSecond)).status === 404);
    expect((await admin.put('/boards/{id}/members/{userId}', membership)).status).toBeLessThan(300);
    await within(1000, async () => (await readCase(session.onSecond)).status === 200);
  });

  it('a change made straight in SQL, past the API, is obeyed too (the database announces it)', async () => {
    const session = await surgeonSession();
    await prisma.$executeRaw`UPDATE users SET active = false WHERE email = ${SURGEON}`;
    try {
      for (const client of [session.onFirst, session.onSecond])
        await within(1000, async () => (await client.get('/auth/me')).status === 401);
    } finally {
      await prisma.$executeRaw`UPDATE users SET active = true WHERE email = ${SURGEON}`;
    }
  });

  it('pauses caching while the change feed is down, and resumes when it is back', async () => {
    const cache = second.app.get(AccessCache);
    expect(cache.active).toBe(true);
    const admin2 = new Client({ connectionString: stack.database.url });
    await admin2.connect();
    try {
      const { rowCount } = await admin2.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'consilium-api-2-listen'`,
      );
      expect(rowCount).toBe(1);
      await within(2000, async () => !cache.active);
      // Without the feed, a change is still obeyed: every request asks the database.
      const session = await signIn(first.url, SURGEON, prisma);
      await admin2.query(`UPDATE users SET token_version = token_version + 1 WHERE email = $1`, [SURGEON]);
      expect((await apiClient(second.url, session.token).get('/auth/me')).status).toBe(401);
      await within(5000, async () => cache.active);
    } finally {
      await admin2.end();
    }
  });

  it('refuses to move a case, a meeting, a recommendation or a treatment event to another board or case', async () => {
    const other = await prisma.board.create({ data: { name: 'Other board', caseReferencePrefix: 'OTH' } });
    await expect(
      prisma.$executeRaw`UPDATE cases SET board_id = ${other.id}::uuid WHERE id = ${caseId}::uuid`,
    ).rejects.toThrow(/cases\.board_id cannot change/);
    await expect(prisma.$executeRaw`UPDATE meetings SET board_id = ${other.id}::uuid`).rejects.toThrow(
      /meetings\.board_id cannot change/,
    );
    // Other updates of those rows still work.
    expect(
      await prisma.$executeRaw`UPDATE cases SET board_id = board_id, question_for_board = question_for_board WHERE id = ${caseId}::uuid`,
    ).toBe(1);
  });
});
