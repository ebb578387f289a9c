import { createHmac, randomUUID } from 'node:crypto';
import type { PrismaClient, Role } from '@prisma/client';
import { writeAuditEvent } from '@consilium/audit';
import { rectalStageIvWorkflow, type DraftPlan } from '@consilium/pathway';
import type { AppConfig } from '@consilium/config';
import { BoardResolver } from '../../apps/api/src/access/board-resolver';
import type { OwnedKind, ScopedKind } from '../../apps/api/src/access/scoped-by.decorator';
import { hashPassword } from '../../apps/api/src/auth/password.hasher';
import { caseCoreOf, caseWithFacts, pathwayFactsOf } from '../../apps/api/src/cases/case-facts.mapper';
import { DEMO_USERS } from '../../prisma/seed';
import type { RunningApi } from '../support/api';
import { call, login, type Session } from '../support/auth';
import { apiClient, startStack, type Stack } from '../support/stack';
import { routeCatalog, type RouteInfo } from '../../apps/api/src/common/openapi/route-catalog';

/**
 * The routes that may be called without a token. Adding @Public() anywhere else fails this
 * test on purpose: a public route is a decision to review, not an accident.
 */
const PUBLIC_ROUTES = [
  'GET /health/live',
  'GET /health/ready',
  'POST /auth/login',
  'POST /auth/logout',
  'POST /auth/refresh',
  // Sign-in with an identity provider (OIDC): how a browser without a session gets one. The
  // callback's credentials are the provider's signed ID token, the state cookie and the PKCE
  // verifier; the exchange's is the single-use code; sign-out's is the refresh token.
  'GET /auth/sign-in-options',
  'GET /auth/oidc/:provider/login',
  'GET /auth/oidc/:provider/callback',
  'POST /auth/oidc/exchange',
  'POST /auth/sign-out',
  // Calendar clients cannot send bearer tokens: the unguessable 256-bit token in the URL is the
  // credential (stored only as SHA-256, rotatable), and the feed carries no PHI.
  'GET /calendar/:token.ics',
];
/**
 * Server-sent-events routes (they stay open): each is called like every other route below, but
 * only its status and head are read. A new stream is a decision to review, as a public route is.
 */
const STREAMING_ROUTES = ['GET /meetings/:id/events'];
const ALL_ROLES: Role[] = ['COORDINATOR', 'CLINICIAN', 'AUDITOR', 'ADMIN'];
const OUTSIDER_PASSWORD = 'Outsider-Board-B-Passw0rd';
const INSIDER_PASSWORD = 'Insider-All-Roles-Passw0rd';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A JWT signed like ours (HS256) with chosen header and claims. */
function forgeToken(
  secret: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const head = base64url(JSON.stringify(header));
  const body = base64url(JSON.stringify(claims));
  const signature =
    header.alg === 'none' ? '' : createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

function concretePath(route: RouteInfo, ids: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => ids[name] ?? randomUUID());
}

/** `call`, except that a stream's body is not waited for: its status and content type are enough. */
async function callRoute(
  baseUrl: string,
  route: RouteInfo,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; contentType: string | null }> {
  if (!route.stream) {
    const response = await call(baseUrl, route.method, path, options);
    return { status: response.status, contentType: response.headers.get('content-type') };
  }
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${path}`, {
    method: route.method,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    signal: abort.signal,
  });
  const contentType = response.headers.get('content-type');
  abort.abort();
  return { status: response.status, contentType };
}

describe('access control', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let config: AppConfig;
  let api: RunningApi;
  let routes: RouteInfo[];
  let boardA: string;
  let insider: Session;
  let outsider: Session;
  let insiderId: string;
  const fixtures = {} as Record<ScopedKind, string>;
  const ownedFixtures = {} as Record<OwnedKind, string>;
  const sessions = new Map<string, Session>();

  async function sessionOf(email: string, password: string): Promise<Session> {
    const key = `${email}`;
    const existing = sessions.get(key);
    if (existing) return existing;
    const session = await login(api.url, email, password);
    sessions.set(key, session);
    return session;
  }

  beforeAll(async () => {
    stack = await startStack('access');
    ({ prisma, config, api, boardId: boardA } = stack);
    const boardB = await prisma.board.create({
      data: { name: 'Upper GI MDT', requiredSpecialties: ['MEDICAL_ONCOLOGY'] },
    });
    // Holds every role, but only board B: the object-level check alone must stop it.
    await prisma.user.create({
      data: {
        email: 'outsider@other.example',
        displayName: 'Board B member',
        roles: ALL_ROLES,
        specialty: 'MEDICAL_ONCOLOGY',
        passwordHash: await hashPassword(OUTSIDER_PASSWORD),
        memberships: { create: { boardId: boardB.id } },
      },
    });
    const insiderRow = await prisma.user.create({
      data: {
        email: 'insider@demo.example',
        displayName: 'Board A member',
        roles: ALL_ROLES,
        specialty: 'COLORECTAL_SURGERY',
        passwordHash: await hashPassword(INSIDER_PASSWORD),
        memberships: { create: { boardId: boardA } },
      },
    });
    insiderId = insiderRow.id;

    const demoCase = await prisma.case.findFirstOrThrow({
      where: { boardId: boardA },
      orderBy: { reference: 'asc' },
      include: caseWithFacts,
    });
    const drafted = rectalStageIvWorkflow.draft(caseCoreOf(demoCase), pathwayFactsOf(demoCase));
    if (!drafted.ok) throw new Error(`the demo case does not draft: ${JSON.stringify(drafted.problems)}`);
    const plan = drafted.draft.plan as DraftPlan;
    const meeting = await prisma.meeting.findFirstOrThrow({ where: { boardId: boardA } });
    const recommendation = await prisma.recommendation.create({
      data: {
        caseId: demoCase.id,
        draftVersion: 1,
        pathwayId: plan.pathwayId,
        pathwayVersion: plan.pathwayVersion,
        factsSnapshot: JSON.parse(JSON.stringify(drafted.draft.facts)),
        draftPlan: JSON.parse(JSON.stringify(plan)),
        primaryBranch: plan.primaryBranch.code,
      },
    });
    const treatmentEvent = await prisma.treatmentEvent.create({
      data: {
        caseId: demoCase.id,
        kind: 'RADIOTHERAPY',
        startDate: new Date('2026-12-01'),
        endDate: new Date('2026-12-05'),
        regimens: ['SCRT_5X5'],
      },
    });
    const reminder = await prisma.reminder.create({
      data: {
        kind: 'MILESTONE',
        caseId: demoCase.id,
        dedupeKey: `test-${randomUUID()}`,
        dueAt: new Date('2026-12-16T08:00:00Z'),
        audience: ['BOARD_COORDINATORS'],
      },
    });
    await writeAuditEvent(
      prisma,
      { service: 'test', instance: 'test' },
      {
        action: 'R',
        type: 'case.read',
        actor: { userId: insiderId },
        entity: { type: 'case', id: demoCase.id },
        patientId: demoCase.patientId,
        boardId: boardA,
      },
    );
    const auditEvent = await prisma.auditEvent.findFirstOrThrow({ where: { boardId: boardA } });
    Object.assign(fixtures, {
      board: boardA,
      patient: demoCase.patientId,
      case: demoCase.id,
      meeting: meeting.id,
      recommendation: recommendation.id,
      treatmentEvent: treatmentEvent.id,
      reminder: reminder.id,
      auditEvent: auditEvent.id,
    } satisfies Record<ScopedKind, string>);

    const notification = await prisma.notification.create({
      data: {
        userId: insiderId,
        caseId: demoCase.id,
        kind: 'MILESTONE',
        title: 'CRC-DEMO-0001: action due',
        body: 'test',
      },
    });
    Object.assign(ownedFixtures, { notification: notification.id } satisfies Record<OwnedKind, string>);

    routes = routeCatalog(api.app);
    insider = await sessionOf('insider@demo.example', INSIDER_PASSWORD);
    outsider = await sessionOf('outsider@other.example', OUTSIDER_PASSWORD);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('finds the routes (the catalog is not empty) and a fixture for every kind of scoped object', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(Object.keys(fixtures).sort()).toEqual([...BoardResolver.kinds].sort());
    expect(Object.keys(ownedFixtures).sort()).toEqual([...BoardResolver.ownedKinds].sort());
  });

  it('marks exactly the reviewed routes public', () => {
    expect(
      routes
        .filter((route) => route.isPublic)
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('has exactly the reviewed streaming routes, none of them public', () => {
    const streams = routes.filter((route) => route.stream);
    expect(streams.map((route) => `${route.method} ${route.path}`).sort()).toEqual([...STREAMING_ROUTES].sort());
    expect(streams.every((route) => !route.isPublic && route.scope !== undefined)).toBe(true);
  });

  it('answers 401 without a token on every non-public route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((candidate) => !candidate.isPublic)) {
      const response = await callRoute(api.url, route, concretePath(route, fixtures as Record<string, string>), {
        body: route.method === 'GET' ? undefined : {},
      });
      if (response.status !== 401) failures.push(`${route.method} ${route.path} -> ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to tampered, expired, alg:none, wrong-audience and wrong-issuer tokens on every non-public route', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: insiderId,
      tv: 0,
      iss: config.auth.issuer,
      aud: config.auth.audience,
      iat: now,
      exp: now + 600,
    };
    const [head, body, signature] = insider.accessToken.split('.') as [string, string, string];
    const badTokens: Record<string, string> = {
      tampered: `${head}.${base64url(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: randomUUID() }))}.${signature}`,
      expired: forgeToken(config.auth.jwtSecret, { ...claims, iat: now - 1000, exp: now - 10 }),
      algNone: forgeToken(config.auth.jwtSecret, claims, { alg: 'none', typ: 'JWT' }),
      wrongAudience: forgeToken(config.auth.jwtSecret, { ...claims, aud: 'someone-else' }),
      wrongIssuer: forgeToken(config.auth.jwtSecret, { ...claims, iss: 'evil' }),
      wrongSecret: forgeToken('another-secret-another-secret-another-secret', claims),
    };
    // The forged-but-valid control proves the forging is right: only the defects above fail.
    const control = await call(api.url, 'GET', '/auth/me', { token: forgeToken(config.auth.jwtSecret, claims) });
    expect(control.status).toBe(200);

    const failures: string[] = [];
    for (const route of routes.filter((candidate) => !candidate.isPublic)) {
      for (const [name, token] of Object.entries(badTokens)) {
        const response = await callRoute(api.url, route, concretePath(route, fixtures as Record<string, string>), {
          token,
          body: route.method === 'GET' ? undefined : {},
        });
        if (response.status !== 401) failures.push(`${name}: ${route.method} ${route.path} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 on every role-restricted route to a user without the role', async () => {
    const failures: string[] = [];
    const restricted = routes.filter((route) => !route.isPublic && route.roles.length > 0);
    expect(restricted.length).toBeGreaterThan(0);
    for (const route of restricted) {
      const outsiderRole = DEMO_USERS.find(
        (user) => !user.roles.some((role) => route.roles.includes(role)) && !user.allBoardsAccess,
      );
      if (!outsiderRole) throw new Error(`no demo user lacks the roles of ${route.method} ${route.path}`);
      const session = await sessionOf(outsiderRole.email, outsiderRole.password);
      const response = await callRoute(api.url, route, concretePath(route, fixtures as Record<string, string>), {
        token: session.accessToken,
        body: route.method === 'GET' ? undefined : {},
      });
      if (response.status !== 403)
        failures.push(`${route.method} ${route.path} as ${outsiderRole.roles.join('+')} -> ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('scopes every route with an id by board: another board gets 404, the board itself does not', async () => {
    const failures: string[] = [];
    const withIds = routes.filter((route) => !route.isPublic && route.params.length > 0);
    expect(withIds.length).toBeGreaterThan(0);
    for (const route of withIds) {
      const adminOnly = route.roles.length > 0 && route.roles.every((role) => role === 'ADMIN');
      if (route.owned) {
        // The user's own objects: another user gets 404, the owner does not.
        const ids: Record<string, string> = { [route.owned.param]: ownedFixtures[route.owned.kind] };
        const asOther = await callRoute(api.url, route, concretePath(route, ids), {
          token: outsider.accessToken,
          body: route.method === 'GET' ? undefined : {},
        });
        if (asOther.status !== 404) failures.push(`other user: ${route.method} ${route.path} -> ${asOther.status}`);
        const asOwner = await callRoute(api.url, route, concretePath(route, ids), {
          token: insider.accessToken,
          body: route.method === 'GET' ? undefined : {},
        });
        if (asOwner.status === 404 || asOwner.status >= 500)
          failures.push(`owner: ${route.method} ${route.path} -> ${asOwner.status}`);
        continue;
      }
      if (!route.scope) {
        // Administration of objects that belong to no board (users) is ADMIN-only instead.
        if (!adminOnly) failures.push(`${route.method} ${route.path} has an id but neither @ScopedBy nor @OwnedBy`);
        continue;
      }
      const ids: Record<string, string> = { [route.scope.param]: fixtures[route.scope.kind] };
      const body = route.method === 'GET' ? undefined : {};
      const asOutsider = await callRoute(api.url, route, concretePath(route, ids), {
        token: outsider.accessToken,
        body,
      });
      if (asOutsider.status !== 404) failures.push(`outsider: ${route.method} ${route.path} -> ${asOutsider.status}`);
      if (route.method === 'GET') {
        const asInsider = await callRoute(api.url, route, concretePath(route, ids), { token: insider.accessToken });
        if (asInsider.status === 404 || asInsider.status >= 500)
          failures.push(`insider: ${route.method} ${route.path} -> ${asInsider.status}`);
        if (route.stream && (asInsider.status !== 200 || !asInsider.contentType?.startsWith('text/event-stream')))
          failures.push(
            `insider stream: ${route.method} ${route.path} -> ${asInsider.status} ${asInsider.contentType}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  it('rotates refresh tokens and revokes the whole family when a rotated one is reused', async () => {
    const first = await login(api.url, 'insider@demo.example', INSIDER_PASSWORD);
    const rotated = await stack.anonymous.post('/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(rotated.status).toBe(200);
    const second = rotated.body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await call(api.url, 'GET', '/auth/me', { token: second.accessToken })).status).toBe(200);

    const reuse = await call(api.url, 'POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    // The thief's reuse killed the family: the legitimate newest token is dead too.
    expect((await call(api.url, 'POST', '/auth/refresh', { body: { refreshToken: second.refreshToken } })).status).toBe(
      401,
    );
    expect(
      await prisma.auditEvent.count({ where: { type: 'auth.refresh-reuse', actorUserId: insiderId } }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('logout ends the session of the refresh token', async () => {
    const session = await login(api.url, 'insider@demo.example', INSIDER_PASSWORD);
    expect((await call(api.url, 'POST', '/auth/logout', { body: { refreshToken: session.refreshToken } })).status).toBe(
      204,
    );
    expect(
      (await call(api.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status,
    ).toBe(401);
  });

  it('deactivating a user revokes their sessions at once', async () => {
    const admin = DEMO_USERS.find((user) => user.roles.includes('ADMIN'))!;
    const adminSession = await sessionOf(admin.email, admin.password);
    const created = await apiClient(api.url, adminSession.accessToken).post('/users', {
      body: {
        email: 'leaving@demo.example',
        displayName: 'Leaving Clinician',
        roles: ['CLINICIAN'],
        specialty: 'RADIOLOGY',
        password: 'Radiology-Desk-4-Passw0rd',
        boardIds: [boardA],
      },
    });
    expect(created.status).toBe(201);
    const userId = created.body.id;
    const session = await login(api.url, 'leaving@demo.example', 'Radiology-Desk-4-Passw0rd');
    expect((await call(api.url, 'GET', '/auth/me', { token: session.accessToken })).status).toBe(200);

    const deactivated = await call(api.url, 'PATCH', `/users/${userId}`, {
      token: adminSession.accessToken,
      body: { active: false },
    });
    expect(deactivated.status).toBe(200);
    expect((await call(api.url, 'GET', '/auth/me', { token: session.accessToken })).status).toBe(401);
    expect(
      (await call(api.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status,
    ).toBe(401);
    const relogin = await call(api.url, 'POST', '/auth/login', {
      body: { email: 'leaving@demo.example', password: 'Radiology-Desk-4-Passw0rd' },
    });
    expect(relogin.status).toBe(401);
    const changes = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'user.deactivate', entityId: userId } });
    expect(changes.changes).toEqual({ active: { old: true, new: false } });
  });

  it('admin user creation names bad fields: duplicate e-mail 409, common password and missing specialty 400', async () => {
    const admin = DEMO_USERS.find((user) => user.roles.includes('ADMIN'))!;
    const token = (await sessionOf(admin.email, admin.password)).accessToken;
    const duplicate = await call(api.url, 'POST', '/users', {
      token,
      body: {
        email: 'coordinator@consilium.demo',
        displayName: 'Copy',
        roles: ['COORDINATOR'],
        password: 'Another-Unique-Passw0rd',
      },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ errors: [{ field: 'email' }] });
    const weak = await apiClient(api.url, token).post('/users', {
      body: { email: 'weak@demo.example', displayName: 'Weak', roles: ['CLINICIAN'], password: 'qwerty123456' },
    });
    expect(weak.status).toBe(400);
    expect((weak.problem?.errors ?? []).map((error) => error.field).sort()).toEqual(['password', 'specialty']);
    expect(await prisma.user.count({ where: { email: 'weak@demo.example' } })).toBe(0);
  });

  it('answers an unknown e-mail and a wrong password alike (throttling: auth-login-limits.e2e.ts)', async () => {
    const unknown = await stack.anonymous.post('/auth/login', {
      body: { email: 'nobody@demo.example', password: 'whatever-password' },
    });
    const wrong = await stack.anonymous.post('/auth/login', {
      body: { email: 'coordinator@consilium.demo', password: 'whatever-password' },
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.problem?.detail).toEqual(expect.any(String));
    expect(unknown.problem?.detail).toBe(wrong.problem?.detail);
  });

  it('records successful logins in the audit trail without the password', async () => {
    await login(api.url, 'insider@demo.example', INSIDER_PASSWORD);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'auth.login', actorUserId: insiderId, outcome: 'SUCCESS' },
      orderBy: { seq: 'desc' },
    });
    expect(event).toMatchObject({
      action: 'E',
      entityType: 'user',
      entityId: insiderId,
      sourceService: 'consilium-api',
    });
    expect(
      JSON.stringify(event, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
    ).not.toContain(INSIDER_PASSWORD);
  });

  it('sends the security headers, refuses non-JSON bodies and oversized bodies, and allows no foreign origin', async () => {
    const response = await fetch(`${api.url}/health/live`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('access-control-allow-origin')).toBeNull();

    const text = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'email=x',
    });
    expect(text.status).toBe(415);
    const huge = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(config.http.bodyLimitBytes) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
