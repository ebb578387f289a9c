import { setTimeout as sleep } from 'node:timers/promises';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { DEMO_USERS, seedDemo } from '../../prisma/seed';
import { LOGIN_LIMITS } from '../../apps/api/src/auth/login-limiter';
import { startApi, type RunningApi } from '../support/api';
import { postFrom } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { freePort } from '../support/redis-server';
import { isProblem } from '../support/stack';

const demo = (email: string): { email: string; password: string } => {
  const user = DEMO_USERS.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return { email: user.email, password: user.password };
};
const COORDINATOR = demo('coordinator@consilium.demo');
const SURGEON = demo('surgeon@consilium.demo');
const PATHOLOGIST = demo('pathologist@consilium.demo');
const RADIOLOGIST = demo('radiologist@consilium.demo');
const HPB = demo('hpb@consilium.demo');
const WRONG = 'not-the-password-at-all';

/** Login attempts are counted by the connection's address: each test uses its own 127.x.y.z. */
describe('login failure limits', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let behindProxy: RunningApi;

  const attempt = (
    api: RunningApi,
    from: string,
    email: string,
    password: string,
    headers: Record<string, string> = {},
  ) => postFrom(from, `${api.url}/auth/login`, { email, password }, headers);
  const statusesOf = async (from: string, email: string, password: string, times: number): Promise<number[]> => {
    const statuses: number[] = [];
    for (let index = 0; index < times; index += 1) statuses.push((await attempt(api, from, email, password)).status);
    return statuses;
  };
  const throttledAudits = (networkAddress: string) =>
    prisma.auditEvent.findMany({
      where: { type: 'auth.login', outcome: 'MINOR_FAILURE', outcomeDesc: 'throttled', networkAddress },
      orderBy: { seq: 'asc' },
    });
  const userIdOf = async (email: string) => (await prisma.user.findUniqueOrThrow({ where: { email } })).id;

  beforeAll(async () => {
    database = await createTestDatabase('auth_limits');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    api = await startApi(testConfig({ DATABASE_URL: database.url }));
    behindProxy = await startApi(testConfig({ DATABASE_URL: database.url, TRUSTED_PROXIES: '127.0.3.1' }));
  });

  afterAll(async () => {
    await api?.close();
    await behindProxy?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('50 wrong passwords from one address do not stop the right password from another', async () => {
    const statuses = await statusesOf('127.0.0.2', COORDINATOR.email, WRONG, 50);
    const fromElsewhere = await attempt(api, '127.0.0.3', COORDINATOR.email, COORDINATOR.password);
    expect(fromElsewhere.status).toBe(200);
    expect(fromElsewhere.body).toHaveProperty('accessToken');

    // Five free failures and the sixth, which starts the back-off; then refusals.
    expect(statuses.slice(0, LOGIN_LIMITS.freeFailures + 1)).toEqual(Array(LOGIN_LIMITS.freeFailures + 1).fill(401));
    expect(statuses[LOGIN_LIMITS.freeFailures + 1]).toBe(429);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(40);

    // The refusals are audited, once per back-off period rather than once per request.
    const audits = await throttledAudits('127.0.0.2');
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(audits.length).toBeLessThan(5);
    expect(audits[0]).toMatchObject({
      entityType: 'user',
      entityId: await userIdOf(COORDINATOR.email),
      detail: { limit: 'pair' },
    });
  });

  it('answers a refusal with 429 problem+json and Retry-After, the same for an unknown account', async () => {
    const refusals = [];
    for (const email of [SURGEON.email, 'nobody-at-all@consilium.demo']) {
      const statuses = await statusesOf('127.0.0.4', email, WRONG, LOGIN_LIMITS.freeFailures + 1);
      expect(statuses).toEqual(Array(LOGIN_LIMITS.freeFailures + 1).fill(401));
      refusals.push(await attempt(api, '127.0.0.4', email, WRONG));
    }
    for (const refusal of refusals) {
      expect(refusal.status).toBe(429);
      expect(refusal.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refusal.headers['retry-after'])).toBe(1);
    }
    const details = refusals.map((refusal) => (isProblem(refusal.body) ? refusal.body.detail : undefined));
    expect(details[0]).toEqual(expect.any(String));
    expect(details[1]).toBe(details[0]);
  });

  it('backs off exponentially per (account, address) and forgets the failures after a success', async () => {
    const from = '127.0.0.5';
    expect(await statusesOf(from, RADIOLOGIST.email, WRONG, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    const first = await attempt(api, from, RADIOLOGIST.email, RADIOLOGIST.password);
    expect([first.status, first.headers['retry-after']]).toEqual([429, '1']);
    await sleep(1_100);
    expect((await attempt(api, from, RADIOLOGIST.email, WRONG)).status).toBe(401);
    const second = await attempt(api, from, RADIOLOGIST.email, RADIOLOGIST.password);
    expect([second.status, second.headers['retry-after']]).toEqual([429, '2']);
    await sleep(2_100);
    expect((await attempt(api, from, RADIOLOGIST.email, RADIOLOGIST.password)).status).toBe(200);
    // The success reset the pair: five free failures again, no refusal.
    expect(await statusesOf(from, RADIOLOGIST.email, WRONG, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect((await throttledAudits(from)).map((event) => event.detail)).toEqual([
      { limit: 'pair', retryAfterSeconds: 1 },
      { limit: 'pair', retryAfterSeconds: 2 },
    ]);
  });

  it('stops one address trying many accounts, exactly at the limit even in parallel', async () => {
    const from = '127.0.0.6';
    const extra = 10;
    const statuses = await Promise.all(
      Array.from({ length: LOGIN_LIMITS.perAddress + extra }, (_unused, index) =>
        attempt(api, from, `spray-${index}@consilium.demo`, WRONG).then((response) => response.status),
      ),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(LOGIN_LIMITS.perAddress);
    expect(statuses.filter((status) => status === 429)).toHaveLength(extra);
    expect((await attempt(api, from, HPB.email, HPB.password)).status).toBe(429);
    expect((await attempt(api, '127.0.0.7', HPB.email, HPB.password)).status).toBe(200);
    expect((await throttledAudits(from)).map((event) => event.detail)).toEqual([
      expect.objectContaining({ limit: 'address' }),
    ]);
  });

  it('past the per-account ceiling, slows the addresses that failed but lets a new address sign in', async () => {
    const addresses = Array.from(
      { length: LOGIN_LIMITS.perAccount / LOGIN_LIMITS.freeFailures },
      (_unused, index) => `127.0.1.${index + 1}`,
    );
    const statuses = (
      await Promise.all(addresses.map((from) => statusesOf(from, PATHOLOGIST.email, WRONG, LOGIN_LIMITS.freeFailures)))
    ).flat();
    expect(statuses.filter((status) => status === 401)).toHaveLength(LOGIN_LIMITS.perAccount);

    const alreadyFailed = await attempt(api, addresses[0]!, PATHOLOGIST.email, PATHOLOGIST.password);
    expect(alreadyFailed.status).toBe(429);
    expect(Number(alreadyFailed.headers['retry-after'])).toBeGreaterThan(LOGIN_LIMITS.windowMs / 1000 - 120);
    expect(Number(alreadyFailed.headers['retry-after'])).toBeLessThanOrEqual(LOGIN_LIMITS.windowMs / 1000);
    expect((await attempt(api, '127.0.1.200', PATHOLOGIST.email, PATHOLOGIST.password)).status).toBe(200);
    // A new address gets one guess, then waits like the others.
    expect((await attempt(api, '127.0.1.201', PATHOLOGIST.email, WRONG)).status).toBe(401);
    expect((await attempt(api, '127.0.1.201', PATHOLOGIST.email, PATHOLOGIST.password)).status).toBe(429);
    expect((await throttledAudits(addresses[0]!)).map((event) => event.detail)).toEqual([
      expect.objectContaining({ limit: 'account' }),
    ]);
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    const requestIdOf = (response: { headers: Record<string, string | string[] | undefined> }) =>
      String(response.headers['x-request-id']);
    const auditedAddress = async (requestId: string) =>
      (await prisma.auditEvent.findFirstOrThrow({ where: { type: 'auth.login', requestId } })).networkAddress;

    // No proxy configured: a forged header changes neither the bucket nor the audited address.
    const forged = [];
    for (let index = 0; index <= LOGIN_LIMITS.freeFailures + 1; index += 1)
      forged.push(await attempt(api, '127.0.2.1', HPB.email, WRONG, { 'x-forwarded-for': `203.0.113.${index + 1}` }));
    expect(forged.map((response) => response.status)).toEqual([...Array(LOGIN_LIMITS.freeFailures + 1).fill(401), 429]);
    expect(await auditedAddress(requestIdOf(forged[0]!))).toBe('127.0.2.1');

    // Behind the configured proxy (127.0.3.1) the forwarded address is the client's.
    const proxied = [];
    for (let index = 0; index <= LOGIN_LIMITS.freeFailures + 1; index += 1)
      proxied.push(await attempt(behindProxy, '127.0.3.1', HPB.email, WRONG, { 'x-forwarded-for': '198.51.100.7' }));
    expect(proxied.map((response) => response.status)).toEqual([
      ...Array(LOGIN_LIMITS.freeFailures + 1).fill(401),
      429,
    ]);
    expect(await auditedAddress(requestIdOf(proxied[0]!))).toBe('198.51.100.7');
    const otherClient = await attempt(behindProxy, '127.0.3.1', HPB.email, HPB.password, {
      'x-forwarded-for': '198.51.100.8',
    });
    expect(otherClient.status).toBe(200);
    // Another peer is not a proxy even there.
    const notProxy = await attempt(behindProxy, '127.0.3.2', HPB.email, WRONG, { 'x-forwarded-for': '198.51.100.9' });
    expect(notProxy.status).toBe(401);
    expect(await auditedAddress(requestIdOf(notProxy))).toBe('127.0.3.2');
  });

  it('answers 503, not 500 nor unlimited guesses, when Redis cannot be reached', async () => {
    const own = await startApi(
      testConfig({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${await freePort()}` }),
    );
    try {
      const refused = await attempt(own, '127.0.4.1', SURGEON.email, SURGEON.password);
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await own.close();
    }
  });
});
