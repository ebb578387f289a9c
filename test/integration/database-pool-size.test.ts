import { randomBytes } from 'node:crypto';
import { ASYNC_COMMIT_POOL_MAX, PrismaService } from '@consilium/db';
import { testConfig } from '../support/config';
import { createEmptyDatabase, withAdminClient, type TestDatabase } from '../support/postgres';

/** Connections PostgreSQL holds open for one process, found by the application_name it sets. */
const connectionsOf = (instance: string): Promise<number> =>
  withAdminClient(async (client) => {
    const { rows } = await client.query<{ count: string }>(
      'SELECT count(*) FROM pg_stat_activity WHERE application_name = $1',
      [`consilium-${instance}`],
    );
    return Number(rows[0]!.count);
  });

/** Runs `queries` concurrent half-second sleeps on each pool and counts the connections meanwhile. */
async function peakConnections(prisma: PrismaService, instance: string, queries: number): Promise<number> {
  const sleeps = [prisma.sql, prisma.asyncCommitSql].flatMap((pool) =>
    Array.from({ length: queries }, () => pool.query('SELECT pg_sleep(0.5)')),
  );
  await new Promise((resolve) => setTimeout(resolve, 250));
  const peak = await connectionsOf(instance);
  await Promise.all(sleeps);
  return peak;
}

// The connection budget of a deployment (README "Deployment") rests on each process opening no
// more than DATABASE_POOL_SIZE + min(4, DATABASE_POOL_SIZE) pooled connections.
describe('DATABASE_POOL_SIZE', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createEmptyDatabase('poolsize');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it.each([
    [3, 3 + 3],
    [6, 6 + ASYNC_COMMIT_POOL_MAX],
  ])('with DATABASE_POOL_SIZE=%i, twelve concurrent queries per pool hold %i connections', async (size, expected) => {
    const instance = `pool-${randomBytes(4).toString('hex')}`;
    const prisma = new PrismaService(
      testConfig({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: String(size), SERVICE_INSTANCE: instance }),
    );
    try {
      expect(await peakConnections(prisma, instance, 12)).toBe(expected);
    } finally {
      await prisma.onModuleDestroy();
    }
  });
});
