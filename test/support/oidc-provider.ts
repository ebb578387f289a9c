import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { freePort } from './redis-server';

/** An account at the test provider: what its claims say. */
export interface TestAccount {
  email: string;
  name: string;
  groups: string[];
  roles?: string[];
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export const TEST_CLIENT_ID = 'consilium';
export const TEST_CLIENT_SECRET = 'test-client-secret-0123456789abcdef';

function signingKey(kid: string): SigningKey {
  return { kid, privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
}

function jwkOf(key: SigningKey): Record<string, unknown> {
  return { ...key.privateKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' };
}

/** The parts of a compact JWS, header and payload decoded. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
} {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const json = (part: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: json(header), payload: json(payload), signature };
}

/** A compact RS256 JWS of the given header and payload. */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateKey: KeyObject,
): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey, 'base64url')}`;
}

/** The token endpoint's JSON answer, when it carries an ID token (the one the tamper tests rewrite). */
function carriesIdToken(body: unknown): body is { id_token: string } {
  return typeof body === 'object' && body !== null && 'id_token' in body && typeof body.id_token === 'string';
}

export interface TestIdentityProvider {
  readonly issuer: string;
  readonly accounts: Map<string, TestAccount>;
  /** The key the provider signs with now (its kid and private key). */
  currentKey(): SigningKey;
  /**
   * Rewrites the ID token of the next token-endpoint answer (the provider's real answer,
   * altered in flight): the tests of wrong audience, issuer, nonce, expiry and signature.
   */
  tamperNextIdToken(rewrite: (idToken: string, key: SigningKey) => string): void;
  /** Replaces the signing key: a new provider instance publishes and signs with only the new key. */
  rotateKeys(): Promise<void>;
  /** Stops answering (an outage), keeping its state; `resume` listens on the same port again. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider, the certified Node implementation) on a loopback port,
 * in the test process: discovery, JWKS, authorization code + PKCE, refresh tokens, userinfo and
 * end-session, with its development login page (any login name is the account id). Consent is
 * granted without a page, as a hospital's provider does for a first-party application.
 */
export async function startIdentityProvider(options: {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts?: Record<string, TestAccount>;
  /** False: the ID token carries only the standard claims; groups and roles come from userinfo (as ADFS and some Entra set-ups do). */
  idTokenCarriesClaims?: boolean;
}): Promise<TestIdentityProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map(Object.entries(options.accounts ?? {}));
  let key = signingKey('key-1');
  let tamper: ((idToken: string, key: SigningKey) => string) | null = null;

  const build = (signing: SigningKey): Provider => {
    const configuration: Configuration = {
      clients: [
        {
          client_id: TEST_CLIENT_ID,
          client_secret: TEST_CLIENT_SECRET,
          redirect_uris: options.redirectUris,
          post_logout_redirect_uris: options.postLogoutRedirectUris,
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        },
      ],
      jwks: { keys: [jwkOf(signing) as never] },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups', 'roles'] },
      // Claims of the requested scopes in the ID token (as Keycloak and Entra put groups there).
      conformIdTokenClaims: options.idTokenCarriesClaims === false,
      features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      pkce: { required: () => true },
      issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      async loadExistingGrant(ctx) {
        const session = ctx.oidc.session;
        const clientId = ctx.oidc.client?.clientId;
        if (!session?.accountId || !clientId) return undefined;
        const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(clientId);
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({ clientId, accountId: session.accountId });
        grant.addOIDCScope('openid email profile groups offline_access');
        await grant.save();
        return grant;
      },
      async findAccount(_ctx, id) {
        const account = accounts.get(id);
        if (!account) return undefined;
        return {
          accountId: id,
          claims: () => ({
            sub: id,
            email: account.email,
            email_verified: true,
            name: account.name,
            groups: account.groups,
            ...(account.roles ? { roles: account.roles } : {}),
          }),
        };
      },
    };
    const provider = new Provider(issuer, configuration);
    provider.use(async (ctx, next) => {
      await next();
      const body: unknown = ctx.body;
      if (ctx.path === '/token' && tamper && carriesIdToken(body)) {
        const rewrite = tamper;
        tamper = null;
        ctx.body = { ...body, id_token: rewrite(body.id_token, signing) };
      }
    });
    return provider;
  };

  let provider = build(key);
  const server: Server = createServer((request, response) => void provider.callback()(request, response));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    accounts,
    currentKey: () => key,
    tamperNextIdToken(rewrite) {
      tamper = rewrite;
    },
    async rotateKeys() {
      key = signingKey(`key-${randomBytes(4).toString('hex')}`);
      provider = build(key);
    },
    pause: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    resume: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A cookie jar per origin, enough for the provider's and our cookies on loopback. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const origin = new URL(url).host;
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attributes.some(
        (attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute),
      );
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(origin, jar);
  }

  header(url: string): string {
    return [...(this.cookies.get(new URL(url).host) ?? new Map<string, string>()).entries()]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  names(url: string): string[] {
    return [...(this.cookies.get(new URL(url).host)?.keys() ?? [])];
  }
}

/** One request of a browser that does not follow redirects by itself. */
export async function browse(
  jar: CookieJar,
  url: string,
  init: { method?: string; form?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { cookie: jar.header(url), accept: 'text/html' };
  if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(url, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    headers,
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    redirect: 'manual',
  });
  jar.store(url, response);
  return response;
}

/**
 * Signs in as a browser would: our login URL, the provider's authorization endpoint, its login
 * form (submitted with `login` as the account), back through our callback, following every
 * redirect with the cookies it set. Stops at the first URL outside the provider and our /auth
 * routes (the web app) and returns it; `stopAt` ends the walk early (to replay or alter a step).
 */
export async function signInThroughProvider(
  apiUrl: string,
  providerId: string,
  login: string,
  options: { jar?: CookieJar; stopAt?: (url: URL) => boolean } = {},
): Promise<{ location: URL; jar: CookieJar; visited: string[] }> {
  const jar = options.jar ?? new CookieJar();
  const visited: string[] = [];
  let url = `${apiUrl}/auth/oidc/${providerId}/login`;
  let form: Record<string, string> | undefined;
  for (let step = 0; step < 20; step++) {
    visited.push(url);
    const current = new URL(url);
    if (options.stopAt?.(current)) return { location: current, jar, visited };
    if (current.origin === new URL(apiUrl).origin && !current.pathname.startsWith('/auth/'))
      return { location: current, jar, visited };
    const response = await browse(jar, url, { form });
    form = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action)
      throw new Error(`${url} answered ${response.status}: ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? 'login';
    form = prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt };
    url = new URL(action, url).href;
  }
  throw new Error(`sign-in did not finish: ${visited.join(' -> ')}`);
}
