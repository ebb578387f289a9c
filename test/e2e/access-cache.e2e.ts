import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { Client } from 'pg';
import { AccessCache } from '../../apps/api/src/access/access-cache';
import { seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { call, login, type Session } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const ADMIN = ['admin@consilium.demo', 'Demo-Admin-Passw0rd'] as const;
const SURGEON = ['surgeon@consilium.demo', 'Demo-Clinician-Passw0rd'] as const;

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
  let database: TestDatabase;
  let prisma: PrismaClient;
  let first: RunningApi;
  let second: RunningApi;
  let admin: Session;
  let caseId: string;
  let boardId: string;

  beforeAll(async () => {
    database = await createTestDatabase('access_cache');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    const demoCase = await prisma.case.findFirstOrThrow({ where: { reference: 'CRC-DEMO-0001' } });
    caseId = demoCase.id;
    boardId = demoCase.boardId;
    first = await startApi(testConfig({ DATABASE_URL: database.url, SERVICE_INSTANCE: 'api-1' }));
    second = await startApi(testConfig({ DATABASE_URL: database.url, SERVICE_INSTANCE: 'api-2' }));
    admin = await login(first.url, ...ADMIN);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  async function surgeonSession(): Promise<Session> {
    const session = await login(first.url, ...SURGEON);
    // Warm both instances' caches: principal and the case's board.
    for (const api of [first, second])
      expect((await call(api.url, 'GET', `/cases/${caseId}`, { token: session.accessToken })).status).toBe(200);
    return session;
  }

  it('revoking sessions on one instance is obeyed by the other as soon as it commits', async () => {
    const session = await surgeonSession();
    const surgeon = await prisma.user.findUniqueOrThrow({ where: { email: SURGEON[0] } });
    expect(
      (await call(first.url, 'POST', `/users/${surgeon.id}/revoke-sessions`, { token: admin.accessToken })).status,
    ).toBeLessThan(300);
    const elapsed = await within(
      1000,
      async () => (await call(second.url, 'GET', '/auth/me', { token: session.accessToken })).status === 401,
    );
    console.log(`access cache: revocation obeyed by the other instance after ${elapsed} ms`);
    expect((await call(first.url, 'GET', '/auth/me', { token: session.accessToken })).status).toBe(401);
  });

  it('a membership removed on one instance hides the board on the other', async () => {
    const session = await surgeonSession();
    const surgeon = await prisma.user.findUniqueOrThrow({ where: { email: SURGEON[0] } });
    expect(
      (await call(first.url, 'DELETE', `/boards/${boardId}/members/${surgeon.id}`, { token: admin.accessToken }))
        .status,
    ).toBeLessThan(300);
    await within(
      1000,
      async () => (await call(second.url, 'GET', `/cases/${caseId}`, { token: session.accessToken })).status === 404,
    );
    expect(
      (await call(first.url, 'PUT', `/boards/${boardId}/members/${surgeon.id}`, { token: admin.accessToken, body: {} }))
        .status,
    ).toBeLessThan(300);
    await within(
      1000,
      async () => (await call(second.url, 'GET', `/cases/${caseId}`, { token: session.accessToken })).status === 200,
    );
  });

  it('a change made straight in SQL, past the API, is obeyed too (the database announces it)', async () => {
    const session = await surgeonSession();
    await prisma.$executeRaw`UPDATE users SET active = false WHERE email = ${SURGEON[0]}`;
    try {
      for (const api of [first, second])
        await within(
          1000,
          async () => (await call(api.url, 'GET', '/auth/me', { token: session.accessToken })).status === 401,
        );
    } finally {
      await prisma.$executeRaw`UPDATE users SET active = true WHERE email = ${SURGEON[0]}`;
    }
  });

  it('pauses caching while the change feed is down, and resumes when it is back', async () => {
    const cache = second.app.get(AccessCache);
    expect(cache.active).toBe(true);
    const admin2 = new Client({ connectionString: database.url });
    await admin2.connect();
    try {
      const { rowCount } = await admin2.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'consilium-api-2-listen'`,
      );
      expect(rowCount).toBe(1);
      await within(2000, async () => !cache.active);
      // Without the feed, a change is still obeyed: every request asks the database.
      const session = await login(first.url, ...SURGEON);
      await admin2.query(`UPDATE users SET token_version = token_version + 1 WHERE email = $1`, [SURGEON[0]]);
      expect((await call(second.url, 'GET', '/auth/me', { token: session.accessToken })).status).toBe(401);
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
