import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { DEMO_USERS, seedDemo } from '../../prisma/seed';
import { hashPassword } from '../../apps/api/src/auth/password.hasher';
import { startApi, type RunningApi } from '../support/api';
import { call, login, type Session } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { apiClient } from '../support/stack';

const PASSWORD = 'Tumour-Board-Refresh-9';

/** Refused refresh tokens: only the reuse of a rotated one is the serious-failure alarm. */
describe('refresh token refusals', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let admin: Session;

  const refresh = (refreshToken: string) => call(api.url, 'POST', '/auth/refresh', { body: { refreshToken } });
  const alarms = (userId: string) =>
    prisma.auditEvent.count({ where: { type: 'auth.refresh-reuse', actorUserId: userId, outcome: 'SERIOUS_FAILURE' } });
  const refusals = (userId: string) =>
    prisma.auditEvent.findMany({
      where: { type: 'auth.refresh', actorUserId: userId, outcome: 'MINOR_FAILURE' },
      select: { outcomeDesc: true },
      orderBy: { seq: 'asc' },
    });
  const newUser = async (email: string) =>
    (
      await prisma.user.create({
        data: { email, displayName: email, roles: ['COORDINATOR'], passwordHash: await hashPassword(PASSWORD) },
      })
    ).id;

  beforeAll(async () => {
    database = await createTestDatabase('auth_refresh');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    api = await startApi(testConfig({ DATABASE_URL: database.url }));
    const demoAdmin = DEMO_USERS.find((user) => user.roles.includes('ADMIN'))!;
    admin = await login(api.url, demoAdmin.email, demoAdmin.password);
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('refuses the token of a deactivated user quietly: 401, a refused refresh, no reuse alarm', async () => {
    const userId = await newUser('deactivated@demo.example');
    const session = await login(api.url, 'deactivated@demo.example', PASSWORD);
    expect(
      (await call(api.url, 'PATCH', `/users/${userId}`, { token: admin.accessToken, body: { active: false } })).status,
    ).toBe(200);

    const refused = await refresh(session.refreshToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await alarms(userId)).toBe(0);
    expect(await refusals(userId)).toEqual([{ outcomeDesc: 'session revoked' }]);
  });

  it('refuses the token of an ended session quietly (logout, password change)', async () => {
    const userId = await newUser('leaver@demo.example');
    const loggedOut = await login(api.url, 'leaver@demo.example', PASSWORD);
    expect(
      (await call(api.url, 'POST', '/auth/logout', { body: { refreshToken: loggedOut.refreshToken } })).status,
    ).toBe(204);
    const other = await login(api.url, 'leaver@demo.example', PASSWORD);
    const changed = await apiClient(api.url, other.accessToken).post('/auth/change-password', {
      body: { currentPassword: PASSWORD, newPassword: 'Another-Board-Refresh-7' },
    });
    expect(changed.status).toBe(200);

    expect((await refresh(loggedOut.refreshToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(401);
    expect(await alarms(userId)).toBe(0);
    expect(await refusals(userId)).toEqual([{ outcomeDesc: 'session revoked' }, { outcomeDesc: 'session revoked' }]);
    // The session the password change issued is untouched by those refusals.
    expect((await refresh(changed.body.refreshToken)).status).toBe(200);
  });

  it('still raises the alarm for a rotated token presented again, even after deactivation', async () => {
    const userId = await newUser('stolen@demo.example');
    const first = await login(api.url, 'stolen@demo.example', PASSWORD);
    expect((await refresh(first.refreshToken)).status).toBe(200);
    expect(
      (await call(api.url, 'PATCH', `/users/${userId}`, { token: admin.accessToken, body: { active: false } })).status,
    ).toBe(200);

    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect(await alarms(userId)).toBe(1);
    expect(await refusals(userId)).toEqual([]);
  });
});
