import { generateKeyPairSync } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { DEMO_BOARD_NAME } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import {
  browse,
  CookieJar,
  decodeJwt,
  signInThroughProvider,
  signJwt,
  startIdentityProvider,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type TestIdentityProvider,
} from '../support/oidc-provider';
import { freePort } from '../support/redis-server';
import {
  apiClient,
  demoUser,
  startStack,
  type Answer,
  type ApiClient,
  type Schemas,
  type Stack,
} from '../support/stack';

type Session = Schemas['TokenPairDto'];

const UGI_BOARD = 'Upper GI MDT';
const GROUP_MAP = [
  { group: 'crc-surgeons', board: DEMO_BOARD_NAME, role: 'CLINICIAN', specialty: 'COLORECTAL_SURGERY' },
  { group: 'ugi-coordinators', board: UGI_BOARD, role: 'COORDINATOR' },
  { group: 'crc-coordinators', board: DEMO_BOARD_NAME, role: 'COORDINATOR' },
];

/** The one-time code or the error code the callback put in the web app's URL. */
function outcomeOf(location: URL): { code: string | null; error: string | null } {
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  return { code: query.get('oidc'), error: query.get('oidcError') };
}

describe('sign-in with an OpenID provider (oidc-provider on loopback)', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let idp: TestIdentityProvider;
  let partnerIdp: TestIdentityProvider;
  let api: RunningApi;
  let passwordless: RunningApi;
  /** Clients of the API with no token: `anonymous` of the stack, `offline` of the PASSWORD_LOGIN=disabled one. */
  let anonymous: ApiClient;
  let offline: ApiClient;
  let crcBoard: string;
  let ugiBoard: string;

  /** The environment of an API listening on `port` with both providers configured. */
  function oidcEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
    return {
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      OIDC_PROVIDERS: 'hospital,partner',
      // A second hospital of the network: roles from its roles claim, claims from userinfo,
      // trusted to vouch for e-mails (links existing accounts).
      OIDC_PARTNER_LABEL: 'Partner Clinic',
      OIDC_PARTNER_ISSUER: partnerIdp.issuer,
      OIDC_PARTNER_CLIENT_ID: TEST_CLIENT_ID,
      OIDC_PARTNER_CLIENT_SECRET: TEST_CLIENT_SECRET,
      OIDC_PARTNER_SCOPES: 'openid profile email groups',
      OIDC_PARTNER_ROLE_MAP: 'mdt-auditor=AUDITOR',
      OIDC_PARTNER_LINK_BY_EMAIL: 'true',
      OIDC_HOSPITAL_LABEL: 'St Elsewhere',
      OIDC_HOSPITAL_ISSUER: idp.issuer,
      OIDC_HOSPITAL_CLIENT_ID: TEST_CLIENT_ID,
      OIDC_HOSPITAL_CLIENT_SECRET: TEST_CLIENT_SECRET,
      OIDC_HOSPITAL_SCOPES: 'openid profile email groups',
      OIDC_HOSPITAL_GROUP_MAP: JSON.stringify(GROUP_MAP),
      ...extra,
    };
  }

  /** Signs `login` in through the provider and trades the one-time code for our tokens. */
  async function signIn(base: RunningApi, account: string): Promise<Session> {
    const { location } = await signInThroughProvider(base.url, 'hospital', account);
    const { code, error } = outcomeOf(location);
    if (!code) throw new Error(`sign-in of ${account} refused: ${error}`);
    const exchanged = await apiClient(base.url).post('/auth/oidc/exchange', { body: { code } });
    expect(exchanged.status).toBe(200);
    return exchanged.body;
  }

  const me = (token: string): Promise<Answer<Schemas['MeDto']>> => apiClient(api.url, token).get('/auth/me');
  const refresh = (refreshToken: string) => anonymous.post('/auth/refresh', { body: { refreshToken } });

  async function lastLoginAudit(): Promise<{
    outcome: string;
    outcomeDesc: string | null;
    actorUserId: string | null;
    detail: unknown;
  }> {
    return prisma.auditEvent.findFirstOrThrow({ where: { type: 'auth.login' }, orderBy: { seq: 'desc' } });
  }

  beforeAll(async () => {
    const [port, passwordlessPort] = [await freePort(), await freePort()];
    idp = await startIdentityProvider({
      redirectUris: [port, passwordlessPort].map((each) => `http://127.0.0.1:${each}/auth/oidc/hospital/callback`),
      postLogoutRedirectUris: [port, passwordlessPort].map((each) => `http://127.0.0.1:${each}/`),
    });
    partnerIdp = await startIdentityProvider({
      redirectUris: [port, passwordlessPort].map((each) => `http://127.0.0.1:${each}/auth/oidc/partner/callback`),
      postLogoutRedirectUris: [port, passwordlessPort].map((each) => `http://127.0.0.1:${each}/`),
      idTokenCarriesClaims: false,
    });
    stack = await startStack('oidc', { env: oidcEnv(port) });
    ({ prisma, api, anonymous } = stack);
    crcBoard = stack.boardId;
    ugiBoard = (await prisma.board.create({ data: { name: UGI_BOARD, requiredSpecialties: ['MEDICAL_ONCOLOGY'] } })).id;
    // A second API on the same database that signs in through the providers only.
    passwordless = await startApi(
      testConfig({
        DATABASE_URL: stack.database.url,
        ...oidcEnv(passwordlessPort, { PASSWORD_LOGIN: 'disabled' }),
      }),
    );
    offline = apiClient(passwordless.url);
  });

  afterAll(async () => {
    await passwordless?.close();
    await stack?.close();
    await idp?.close();
    await partnerIdp?.close();
  });

  it('signs a new clinician in: provisioned from the groups claim, our own tokens, audited', async () => {
    idp.accounts.set('olga-1', {
      email: 'Olga.Surgeon@Hospital.Example',
      name: 'Olga Surgeon',
      groups: ['crc-surgeons', 'staff'],
    });
    const { location, visited } = await signInThroughProvider(api.url, 'hospital', 'olga-1');
    expect(
      visited.some(
        (url) =>
          url.startsWith(`${idp.issuer}/auth?`) &&
          url.includes('code_challenge_method=S256') &&
          url.includes('nonce=') &&
          url.includes('state='),
      ),
    ).toBe(true);
    expect(location.origin + location.pathname).toBe(`${api.url}/`);
    const code = outcomeOf(location).code ?? '';
    expect(code).toMatch(/^[\w-]{40,}$/);

    const exchanged = await anonymous.post('/auth/oidc/exchange', { body: { code } });
    expect(exchanged.status).toBe(200);
    const session = exchanged.body;
    // Our own HS256 access token, not the provider's.
    expect(decodeJwt(session.accessToken).header.alg).toBe('HS256');
    const signedIn = await me(session.accessToken);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({
      email: 'olga.surgeon@hospital.example',
      roles: ['CLINICIAN'],
      specialty: 'COLORECTAL_SURGERY',
      boardIds: [crcBoard],
    });
    // The board's cases are visible: the rest of access control works unchanged.
    const olga = apiClient(api.url, session.accessToken);
    expect((await olga.get('/boards/{id}', { params: { path: { id: crcBoard } } })).status).toBe(200);
    expect((await olga.get('/boards/{id}', { params: { path: { id: ugiBoard } } })).status).toBe(404);

    const user = await prisma.user.findUniqueOrThrow({
      where: { email: 'olga.surgeon@hospital.example' },
      include: { identities: true },
    });
    expect(user.passwordHash).toBeNull();
    expect(user.identities).toMatchObject([{ provider: 'hospital', issuer: idp.issuer, subject: 'olga-1' }]);
    const provision = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'user.provision', entityId: user.id },
    });
    expect(provision).toMatchObject({ action: 'C', outcome: 'SUCCESS', actorUserId: user.id });
    expect(provision.detail).toMatchObject({
      provider: 'hospital',
      matchedGroups: ['crc-surgeons'],
      roles: ['CLINICIAN'],
      boardIds: [crcBoard],
    });
    expect(await lastLoginAudit()).toMatchObject({
      outcome: 'SUCCESS',
      actorUserId: user.id,
      detail: { method: 'oidc', provider: 'hospital', created: true },
    });

    // The one-time code is single use; the account has no password to sign in with.
    expect((await anonymous.post('/auth/oidc/exchange', { body: { code } })).status).toBe(401);
    expect(
      (
        await anonymous.post('/auth/login', {
          body: { email: 'olga.surgeon@hospital.example', password: 'decoy password that never matches anything' },
        })
      ).status,
    ).toBe(401);
  });

  it('names the bad field of an exchange, and lists the providers for the sign-in screen', async () => {
    const bad = await anonymous.post('/auth/oidc/exchange', { body: { code: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.problem).toMatchObject({ errors: [{ field: 'code' }] });
    const options = await anonymous.get('/auth/sign-in-options');
    expect(options.body).toEqual({
      passwordLogin: true,
      providers: [
        { id: 'hospital', label: 'St Elsewhere', loginUrl: '/auth/oidc/hospital/login' },
        { id: 'partner', label: 'Partner Clinic', loginUrl: '/auth/oidc/partner/login' },
      ],
    });
    expect(
      (await anonymous.get('/auth/oidc/{provider}/login', { params: { path: { provider: 'elsewhere' } } })).status,
    ).toBe(404);
  });

  it('applies group changes at the next sign-in, with the change in the audit trail', async () => {
    idp.accounts.set('cora-2', { email: 'cora@hospital.example', name: 'Cora Coord', groups: ['crc-coordinators'] });
    const first = await signIn(api, 'cora-2');
    expect((await me(first.accessToken)).body).toMatchObject({ roles: ['COORDINATOR'], boardIds: [crcBoard] });
    const userId = (await me(first.accessToken)).body.id;
    // Same groups again: nothing to change, no provisioning row.
    await signIn(api, 'cora-2');
    expect(await prisma.auditEvent.count({ where: { type: 'user.provision', entityId: userId } })).toBe(1);

    idp.accounts.set('cora-2', { email: 'cora@hospital.example', name: 'Cora Coord', groups: ['ugi-coordinators'] });
    const second = await signIn(api, 'cora-2');
    expect((await me(second.accessToken)).body).toMatchObject({ roles: ['COORDINATOR'], boardIds: [ugiBoard] });
    // Every session of the user sees the new boards at once (access is read per request).
    expect(
      (await apiClient(api.url, first.accessToken).get('/boards/{id}', { params: { path: { id: crcBoard } } })).status,
    ).toBe(404);
    const change = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'user.provision', entityId: userId, action: 'U' },
      orderBy: { seq: 'desc' },
    });
    expect(change.changes).toEqual({ boardIds: { old: [crcBoard], new: [ugiBoard] } });
  });

  it('applies group changes at refresh: the provider confirms the account and its current claims', async () => {
    idp.accounts.set('rafa-3', { email: 'rafa@hospital.example', name: 'Rafa', groups: ['crc-surgeons'] });
    const session = await signIn(api, 'rafa-3');
    idp.accounts.set('rafa-3', {
      email: 'rafa@hospital.example',
      name: 'Rafa',
      groups: ['crc-surgeons', 'ugi-coordinators'],
    });
    const refreshed = await refresh(session.refreshToken);
    expect(refreshed.status).toBe(200);
    expect((await me(refreshed.body.accessToken)).body).toMatchObject({
      roles: ['COORDINATOR', 'CLINICIAN'],
      boardIds: expect.arrayContaining([crcBoard, ugiBoard]) as unknown,
    });
  });

  it('the provider unreachable at refresh: 503 and the session kept, confirmed again once it is back', async () => {
    idp.accounts.set('ola-14', { email: 'ola@hospital.example', name: 'Ola', groups: ['crc-surgeons'] });
    const session = await signIn(api, 'ola-14');
    await idp.pause();
    try {
      const during = await refresh(session.refreshToken);
      expect(during.status).toBe(503);
    } finally {
      await idp.resume();
    }
    const after = await refresh(session.refreshToken);
    expect(after.status).toBe(200);
  });

  it('a leaver: removed at the provider, the next refresh fails and the session ends', async () => {
    idp.accounts.set('leo-4', { email: 'leo@hospital.example', name: 'Leo Leaver', groups: ['crc-surgeons'] });
    const session = await signIn(api, 'leo-4');
    const userId = (await me(session.accessToken)).body.id;
    idp.accounts.delete('leo-4');
    expect((await refresh(session.refreshToken)).status).toBe(401);
    const refusal = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'auth.refresh', actorUserId: userId },
      orderBy: { seq: 'desc' },
    });
    expect(refusal).toMatchObject({ outcome: 'MINOR_FAILURE', outcomeDesc: 'identity provider ended the session' });
    expect(await prisma.refreshToken.count({ where: { userId, revokedAt: null } })).toBe(0);
    // And the sign-in itself no longer works (the provider does not know the account).
    expect(
      (await signInThroughProvider(api.url, 'hospital', 'leo-4').catch((error: Error) => error)) instanceof Error,
    ).toBe(true);
  });

  it('removed from every mapped group: the next sign-in is refused and every session of the user ends', async () => {
    idp.accounts.set('gus-5', { email: 'gus@hospital.example', name: 'Gus', groups: ['crc-surgeons'] });
    const session = await signIn(api, 'gus-5');
    const userId = (await me(session.accessToken)).body.id;
    idp.accounts.set('gus-5', { email: 'gus@hospital.example', name: 'Gus', groups: ['staff'] });
    const { location } = await signInThroughProvider(api.url, 'hospital', 'gus-5');
    expect(outcomeOf(location)).toEqual({ code: null, error: 'no-access' });
    expect((await me(session.accessToken)).status).toBe(401);
    expect(
      await prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { memberships: true } }),
    ).toMatchObject({ roles: [], memberships: [] });
    expect(await lastLoginAudit()).toMatchObject({
      outcome: 'MINOR_FAILURE',
      outcomeDesc: 'no role granted by the identity provider',
      actorUserId: userId,
    });
    const change = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'user.provision', entityId: userId, action: 'U' },
    });
    expect(change.changes).toMatchObject({
      roles: { old: ['CLINICIAN'], new: [] },
      boardIds: { old: [crcBoard], new: [] },
    });
  });

  it('an admin still deactivates at once: the provider saying yes does not bring the account back', async () => {
    idp.accounts.set('dan-6', { email: 'dan@hospital.example', name: 'Dan', groups: ['crc-surgeons'] });
    const session = await signIn(api, 'dan-6');
    const userId = (await me(session.accessToken)).body.id;
    const admin = await stack.as('admin');
    expect(
      (await admin.patch('/users/{id}', { params: { path: { id: userId } }, body: { active: false } })).status,
    ).toBe(200);
    expect((await me(session.accessToken)).status).toBe(401);
    const { location } = await signInThroughProvider(api.url, 'hospital', 'dan-6');
    expect(outcomeOf(location)).toEqual({ code: null, error: 'deactivated' });
    expect(await lastLoginAudit()).toMatchObject({
      outcome: 'MINOR_FAILURE',
      outcomeDesc: 'account deactivated',
      actorUserId: userId,
    });
  });

  it('does not link an existing password account by e-mail unless the provider is trusted to', async () => {
    idp.accounts.set('imp-7', { email: 'coordinator@consilium.demo', name: 'Impostor', groups: ['crc-coordinators'] });
    const { location } = await signInThroughProvider(api.url, 'hospital', 'imp-7');
    expect(outcomeOf(location).error).toBe('no-access');
    expect(await lastLoginAudit()).toMatchObject({
      outcomeDesc: 'e-mail belongs to an account not linked to this identity',
    });
    expect(await prisma.userIdentity.count({ where: { subject: 'imp-7' } })).toBe(0);
  });

  it('a second provider of the network: roles claim read from userinfo, an existing account linked by its verified e-mail', async () => {
    partnerIdp.accounts.set('aldo-p', {
      email: 'auditor@consilium.demo',
      name: 'Aldo Auditor',
      groups: [],
      roles: ['mdt-auditor', 'unmapped'],
    });
    const { location } = await signInThroughProvider(api.url, 'partner', 'aldo-p');
    const code = outcomeOf(location).code;
    expect(code).toEqual(expect.any(String));
    const exchanged = await anonymous.post('/auth/oidc/exchange', { body: { code: code! } });
    expect(exchanged.status).toBe(200);
    const signedIn = await me(exchanged.body.accessToken);
    expect(signedIn.body).toMatchObject({ email: 'auditor@consilium.demo', roles: ['AUDITOR'] });
    const oidcSession = await prisma.oidcSession.findFirstOrThrow({
      where: { provider: 'partner', subject: 'aldo-p' },
    });
    // The ID token itself carried no roles: they came from the userinfo endpoint.
    expect(decodeJwt(oidcSession.idToken).payload.roles).toBeUndefined();
    expect(await prisma.userIdentity.findFirstOrThrow({ where: { subject: 'aldo-p' } })).toMatchObject({
      userId: signedIn.body.id,
      provider: 'partner',
      issuer: partnerIdp.issuer,
    });
    const linked = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'user.provision', entityId: signedIn.body.id },
    });
    expect(linked).toMatchObject({
      action: 'U',
      detail: {
        linkedIdentity: { provider: 'partner', issuer: partnerIdp.issuer, subject: 'aldo-p' },
        matchedRoles: ['mdt-auditor'],
      },
    });
    // The same subject at the other provider is another person.
    idp.accounts.set('aldo-p', { email: 'aldo.p@hospital.example', name: 'Aldo P', groups: ['crc-coordinators'] });
    const other = await signIn(api, 'aldo-p');
    expect((await me(other.accessToken)).body.id).not.toBe(signedIn.body.id);
  });

  it('refuses a replayed callback (state used once), an unknown state, and a callback from another browser (login CSRF)', async () => {
    idp.accounts.set('sam-8', { email: 'sam@hospital.example', name: 'Sam', groups: ['crc-surgeons'] });
    const jar = new CookieJar();
    const { location: callback } = await signInThroughProvider(api.url, 'hospital', 'sam-8', {
      jar,
      stopAt: (url) => url.pathname.endsWith('/callback'),
    });
    expect(callback.searchParams.get('code')).toBeTruthy();

    // Another browser (no binding cookie) presenting the victim's callback URL.
    const foreign = await browse(new CookieJar(), callback.href);
    expect(outcomeOf(new URL(foreign.headers.get('location')!))).toEqual({ code: null, error: 'refused' });
    expect(await lastLoginAudit()).toMatchObject({
      outcome: 'SERIOUS_FAILURE',
      outcomeDesc: 'state not bound to this browser (possible login CSRF)',
    });

    // That attempt used the state up: the rightful browser's replay of it is refused too.
    const replay = await browse(jar, callback.href);
    expect(outcomeOf(new URL(replay.headers.get('location')!))).toEqual({ code: null, error: 'expired' });
    const unknown = await browse(jar, `${api.url}/auth/oidc/hospital/callback?code=abc&state=never-issued`);
    expect(outcomeOf(new URL(unknown.headers.get('location')!)).error).toBe('expired');
    expect(await lastLoginAudit()).toMatchObject({
      outcome: 'MINOR_FAILURE',
      outcomeDesc: 'unknown, used or expired state',
    });
  });

  it('a replayed code with a fresh state is refused by the provider', async () => {
    idp.accounts.set('ray-9', { email: 'ray@hospital.example', name: 'Ray', groups: ['crc-surgeons'] });
    const jar = new CookieJar();
    const { location: callback } = await signInThroughProvider(api.url, 'hospital', 'ray-9', {
      jar,
      stopAt: (url) => url.pathname.endsWith('/callback'),
    });
    const finished = await browse(jar, callback.href);
    expect(outcomeOf(new URL(finished.headers.get('location')!)).code).toBeTruthy();
    // A second sign-in in the same browser, its callback carrying the first (used) code.
    const { location: second } = await signInThroughProvider(api.url, 'hospital', 'ray-9', {
      jar,
      stopAt: (url) => url.pathname.endsWith('/callback'),
    });
    second.searchParams.set('code', callback.searchParams.get('code')!);
    const replayed = await browse(jar, second.href);
    expect(outcomeOf(new URL(replayed.headers.get('location')!)).error).toBe('refused');
    expect(await lastLoginAudit()).toMatchObject({ outcome: 'SERIOUS_FAILURE', detail: { error: 'invalid_grant' } });
  });

  it('a user who cancels at the provider lands on the sign-in screen with the reason', async () => {
    const jar = new CookieJar();
    const { location: authorize } = await signInThroughProvider(api.url, 'hospital', 'nobody', {
      jar,
      stopAt: (url) => url.origin === idp.issuer,
    });
    const state = authorize.searchParams.get('state')!;
    const cancelled = await browse(jar, `${api.url}/auth/oidc/hospital/callback?error=access_denied&state=${state}`);
    expect(outcomeOf(new URL(cancelled.headers.get('location')!)).error).toBe('cancelled');
    expect(await lastLoginAudit()).toMatchObject({
      outcome: 'MINOR_FAILURE',
      outcomeDesc: 'provider answered access_denied',
    });
  });

  const claimsOf = (token: string): Record<string, unknown> => decodeJwt(token).payload;
  it.each([
    [
      'wrong audience',
      (token: string, key: { kid: string; privateKey: never }) =>
        signJwt(decodeJwt(token).header, { ...claimsOf(token), aud: 'another-client' }, key.privateKey),
      'aud',
    ],
    [
      'wrong issuer',
      (token: string, key: { kid: string; privateKey: never }) =>
        signJwt(decodeJwt(token).header, { ...claimsOf(token), iss: 'http://127.0.0.1:1/evil' }, key.privateKey),
      'iss',
    ],
    [
      'wrong nonce',
      (token: string, key: { kid: string; privateKey: never }) =>
        signJwt(decodeJwt(token).header, { ...claimsOf(token), nonce: 'another-nonce' }, key.privateKey),
      'nonce',
    ],
    [
      'missing nonce',
      (token: string, key: { kid: string; privateKey: never }) =>
        signJwt(decodeJwt(token).header, { ...claimsOf(token), nonce: undefined }, key.privateKey),
      'nonce',
    ],
    [
      'expired',
      (token: string, key: { kid: string; privateKey: never }) =>
        signJwt(decodeJwt(token).header, { ...claimsOf(token), iat: 1_000_000, exp: 1_000_600 }, key.privateKey),
      'exp',
    ],
    [
      'tampered (claims changed, signature kept)',
      (token: string) =>
        `${token.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claimsOf(token), sub: 'someone-else' })).toString('base64url')}.${token.split('.')[2]}`,
      null,
    ],
    [
      'signed by a key the provider does not publish',
      (token: string) =>
        signJwt(
          decodeJwt(token).header,
          claimsOf(token),
          generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey as never,
        ),
      null,
    ],
  ] as const)('refuses an ID token with %s, audited as a serious failure', async (_name, rewrite, claim) => {
    idp.accounts.set('eve-10', { email: 'eve@hospital.example', name: 'Eve', groups: ['crc-surgeons'] });
    idp.tamperNextIdToken(rewrite as never);
    const { location } = await signInThroughProvider(api.url, 'hospital', 'eve-10');
    expect(outcomeOf(location)).toEqual({ code: null, error: 'refused' });
    const audit = await lastLoginAudit();
    expect(audit).toMatchObject({ outcome: 'SERIOUS_FAILURE', actorUserId: null });
    expect(audit.outcomeDesc).toMatch(/^ID token or token response rejected: /);
    if (claim) expect(audit.outcomeDesc).toContain(`"${claim}"`);
    expect(await prisma.user.count({ where: { email: 'eve@hospital.example' } })).toBe(0);
  });

  it('follows a key rotation at once, and refuses tokens signed with the retired key', async () => {
    idp.accounts.set('kim-11', { email: 'kim@hospital.example', name: 'Kim', groups: ['crc-surgeons'] });
    await signIn(api, 'kim-11');
    const retired = idp.currentKey();
    await idp.rotateKeys();
    expect(idp.currentKey().kid).not.toBe(retired.kid);
    const after = await signIn(api, 'kim-11');
    expect((await me(after.accessToken)).status).toBe(200);
    const session = await prisma.oidcSession.findFirstOrThrow({
      where: { subject: 'kim-11' },
      orderBy: { createdAt: 'desc' },
    });
    expect(decodeJwt(session.idToken).header.kid).toBe(idp.currentKey().kid);

    idp.tamperNextIdToken((token) =>
      signJwt({ ...decodeJwt(token).header, kid: retired.kid }, claimsOf(token), retired.privateKey),
    );
    const { location } = await signInThroughProvider(api.url, 'hospital', 'kim-11');
    expect(outcomeOf(location).error).toBe('refused');
  });

  it("logout ends the session and answers the provider's end-session URL", async () => {
    idp.accounts.set('liv-12', { email: 'liv@hospital.example', name: 'Liv', groups: ['crc-surgeons'] });
    const session = await signIn(api, 'liv-12');
    const signedOut = await anonymous.post('/auth/sign-out', { body: { refreshToken: session.refreshToken } });
    expect(signedOut.status).toBe(200);
    expect(signedOut.body.endSessionUrl).toEqual(expect.any(String));
    const endSession = new URL(signedOut.body.endSessionUrl!);
    expect(endSession.origin).toBe(idp.issuer);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${api.url}/`);
    expect(decodeJwt(endSession.searchParams.get('id_token_hint')!).payload.sub).toBe('liv-12');
    // The provider accepts it (its logout confirmation page).
    expect((await fetch(endSession)).status).toBe(200);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    // A password session has no provider to leave.
    const { session: coordinator } = await stack.as('coordinator');
    expect((await anonymous.post('/auth/sign-out', { body: { refreshToken: coordinator.refreshToken } })).body).toEqual(
      {
        endSessionUrl: null,
      },
    );
  });

  it('PASSWORD_LOGIN=disabled: password sign-in and password change refused, the provider still signs in', async () => {
    const { email, password } = demoUser('coordinator');
    const refused = await offline.post('/auth/login', { body: { email, password } });
    expect(refused.status).toBe(403);
    expect(refused.problem?.detail).toContain('password sign-in is disabled');
    expect((await offline.get('/auth/sign-in-options')).body).toMatchObject({ passwordLogin: false });
    idp.accounts.set('pia-13', { email: 'pia@hospital.example', name: 'Pia', groups: ['crc-coordinators'] });
    const session = await signIn(passwordless, 'pia-13');
    const changed = await apiClient(passwordless.url, session.accessToken).post('/auth/change-password', {
      body: { currentPassword: 'x', newPassword: 'a-long-enough-new-passphrase' },
    });
    expect(changed.status).toBe(403);
  });
});
