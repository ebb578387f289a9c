import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { AuditOutcome } from '@prisma/client';
import * as client from 'openid-client';
import type { AuditActor } from '@consilium/audit';
import { APP_CONFIG, type AppConfig, type OidcProviderConfig } from '@consilium/config';
import { PrismaService } from '@consilium/db';
import { REDIS_CLIENT, type RedisConnection } from '@consilium/jobs';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { TokenService, type IssuedTokens } from '../token.service';
import { assertedIdentity, claimAt, grantedAccess } from './oidc-claims';
import { OidcAccountsRepository, type ProvisionOutcome } from './oidc-accounts.repository';

/** A sign-in between the redirect to the provider and its answer (Redis, 10 minutes). */
interface PendingLogin {
  provider: string;
  nonce: string;
  codeVerifier: string;
  /** SHA-256 of the browser-binding cookie's value (login CSRF: RFC 9700 §4.7). */
  bindingHash: string;
}

/** What the one-time code handed to the web app stands for (Redis, 60 seconds). */
interface Handoff {
  userId: string;
  familyId: string;
}

/** Where the browser goes after the provider's answer. */
export interface Redirect {
  location: string;
  /** Set-Cookie header values. */
  cookies: string[];
}

const PENDING_TTL_SECONDS = 600;
const HANDOFF_TTL_SECONDS = 60;
const COOKIE_PREFIX = 'consilium_oidc_';

/** Short error codes the web app turns into words (its #/signin?oidcError=<code>). */
export type OidcErrorCode = 'expired' | 'cancelled' | 'refused' | 'no-access' | 'deactivated' | 'unavailable';

class OidcRefusal extends Error {
  constructor(
    readonly code: OidcErrorCode,
    readonly outcome: AuditOutcome,
    message: string,
    readonly detail: Record<string, unknown> = {},
    readonly userId: string | null = null,
  ) {
    super(message);
  }
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookiesOf(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return cookies;
}

interface CodedError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (openid-client wraps oauth4webapi's errors). */
function chainOf(error: unknown): CodedError[] {
  const chain: CodedError[] = [];
  for (
    let current = error;
    typeof current === 'object' && current !== null && chain.length < 5;
    current = (current as CodedError).cause
  )
    chain.push(current as CodedError);
  return chain;
}

/** What openid-client's errors say, for the audit row (their messages carry no claim values). */
function describe(error: unknown): { message: string; detail: Record<string, unknown> } {
  if (error instanceof client.ResponseBodyError)
    return { message: `provider refused: ${error.error}`, detail: { error: error.error, status: error.status } };
  if (error instanceof client.AuthorizationResponseError)
    return { message: `provider answered ${error.error}`, detail: { error: error.error } };
  const chain = chainOf(error);
  const innermost = [...chain].reverse().find((link) => typeof link.message === 'string');
  const code = chain.find((link) => typeof link.code === 'string')?.code;
  const claim = chain.map((link) => (link as { claim?: unknown }).claim).find((value) => typeof value === 'string');
  return {
    message: typeof innermost?.message === 'string' ? innermost.message : 'ID token or response rejected',
    detail: { ...(typeof code === 'string' ? { code } : {}), ...(typeof claim === 'string' ? { claim } : {}) },
  };
}

/** A network failure or timeout reaching the provider, as opposed to an answer we refuse. */
function isUnreachable(error: unknown): boolean {
  if (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError) return false;
  const chain = chainOf(error);
  if (chain.some((link) => typeof link.code === 'string' && link.code.startsWith('OAUTH_'))) return false;
  return chain.some(
    (link) =>
      link instanceof TypeError ||
      link.name === 'TimeoutError' ||
      link.name === 'AbortError' ||
      (typeof link.code === 'string' && /^E[A-Z]+$/.test(link.code)),
  );
}

/**
 * OpenID Connect sign-in (issue 18) with openid-client: authorization code flow with PKCE
 * (S256), state bound to the browser by a cookie, nonce; openid-client checks the ID token's
 * signature against the provider's JWKS, its issuer, audience, expiry and nonce. The provider's
 * discovery document (and with it the JWKS) is read at each sign-in, so a rotated key or moved
 * endpoint is picked up at once. After the sign-in the API issues its own access and refresh
 * tokens, so the rest of access control is unchanged.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private readonly encryptionKey: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection,
    private readonly audit: AuditRecorder,
    private readonly tokens: TokenService,
    private readonly accounts: OidcAccountsRepository,
  ) {
    this.encryptionKey = Buffer.from(
      hkdfSync('sha256', config.auth.jwtSecret, 'consilium', 'oidc provider refresh tokens', 32),
    );
  }

  get passwordLogin(): boolean {
    return this.config.auth.oidc.passwordLogin;
  }

  providers(): readonly OidcProviderConfig[] {
    return this.config.auth.oidc.providers;
  }

  provider(id: string): OidcProviderConfig {
    const found = this.config.auth.oidc.providers.find((provider) => provider.id === id);
    if (!found) throw new NotFoundException(`no identity provider "${id}" is configured`);
    return found;
  }

  redirectUri(provider: OidcProviderConfig): string {
    return `${this.config.http.publicBaseUrl}/auth/oidc/${provider.id}/callback`;
  }

  /** Discovery (issuer checked against the document) and the client's authentication. */
  private async discover(provider: OidcProviderConfig): Promise<client.Configuration> {
    const authentication = provider.clientSecret ? client.ClientSecretBasic(provider.clientSecret) : client.None();
    return client.discovery(new URL(provider.issuer), provider.clientId, undefined, authentication, {
      // Non-repudiation: the ID token's signature is verified against the provider's JWKS even
      // though it came straight from the token endpoint (OIDC Core §3.1.3.7 would allow TLS alone).
      execute: [client.enableNonRepudiationChecks, ...(provider.allowHttp ? [client.allowInsecureRequests] : [])],
      timeout: 10,
    });
  }

  private key(kind: 'pending' | 'handoff', id: string): string {
    return `${this.config.redisPrefix}:oidc:${kind}:${sha256(id)}`;
  }

  /** Step 1: the redirect to the provider's authorization endpoint, and the browser-binding cookie. */
  async begin(providerId: string): Promise<Redirect> {
    const provider = this.provider(providerId);
    let configuration: client.Configuration;
    try {
      configuration = await this.discover(provider);
    } catch (error) {
      this.logger.warn({ provider: provider.id, err: describe(error).message }, 'identity provider discovery failed');
      throw new ServiceUnavailableException(
        `the identity provider "${provider.label}" cannot be reached; try again later`,
        { cause: error },
      );
    }
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const binding = randomBytes(32).toString('base64url');
    const pending: PendingLogin = { provider: provider.id, nonce, codeVerifier, bindingHash: sha256(binding) };
    try {
      await this.redis.set(this.key('pending', state), JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS);
    } catch (error) {
      throw new ServiceUnavailableException('Sign-in is unavailable for a moment. Try again later.', { cause: error });
    }
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(provider),
      scope: provider.scopes.join(' '),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { location: url.href, cookies: [this.cookie(state, binding, PENDING_TTL_SECONDS)] };
  }

  private cookie(state: string, value: string, maxAge: number): string {
    const secure = this.config.http.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
    // SameSite=Lax: sent on the provider's top-level redirect back, not on cross-site subrequests.
    return `${COOKIE_PREFIX}${sha256(state).slice(0, 16)}=${value}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
  }

  /**
   * Step 2: the provider's answer. Checks state (once, and bound to this browser), exchanges the
   * code with the PKCE verifier, verifies the ID token, provisions the account and hands the web
   * app a one-time code for our tokens. Every outcome is audited; the browser always lands on
   * the web app, with an error code when refused.
   */
  async complete(
    providerId: string,
    query: Record<string, string>,
    cookieHeader: string | undefined,
    actor: AuditActor,
  ): Promise<Redirect> {
    const provider = this.provider(providerId);
    const state = query.state ?? '';
    const clearCookie = state ? [this.cookie(state, '', 0)] : [];
    try {
      const handoff = await this.signIn(provider, state, query, cookieHeader, actor);
      const code = randomBytes(32).toString('base64url');
      await this.redis.set(this.key('handoff', code), JSON.stringify(handoff), 'EX', HANDOFF_TTL_SECONDS);
      return {
        location: `${this.config.http.publicBaseUrl}/#/signin?oidc=${encodeURIComponent(code)}`,
        cookies: clearCookie,
      };
    } catch (error) {
      const refusal =
        error instanceof OidcRefusal
          ? error
          : new OidcRefusal('unavailable', 'MAJOR_FAILURE', 'sign-in failed unexpectedly', describe(error).detail);
      if (!(error instanceof OidcRefusal))
        this.logger.error({ provider: provider.id, err: error }, 'OIDC sign-in failed unexpectedly');
      await this.audit.recordNow({
        action: 'E',
        type: 'auth.login',
        outcome: refusal.outcome,
        outcomeDesc: refusal.message,
        actor: { ...actor, userId: refusal.userId },
        entity: { type: 'user', id: refusal.userId },
        detail: { method: 'oidc', provider: provider.id, ...refusal.detail },
      });
      this.logger.warn(
        { provider: provider.id, userId: refusal.userId, reason: refusal.message, requestId: actor.requestId },
        'OIDC sign-in refused',
      );
      return {
        location: `${this.config.http.publicBaseUrl}/#/signin?oidcError=${refusal.code}&provider=${encodeURIComponent(provider.id)}`,
        cookies: clearCookie,
      };
    }
  }

  private async signIn(
    provider: OidcProviderConfig,
    state: string,
    query: Record<string, string>,
    cookieHeader: string | undefined,
    actor: AuditActor,
  ): Promise<Handoff> {
    // GETDEL: a state (and the code that came with it) is good for one attempt only.
    const stored = state ? await this.redis.getdel(this.key('pending', state)) : null;
    if (!stored) throw new OidcRefusal('expired', 'MINOR_FAILURE', 'unknown, used or expired state');
    const pending = JSON.parse(stored) as PendingLogin;
    const binding = cookiesOf(cookieHeader).get(`${COOKIE_PREFIX}${sha256(state).slice(0, 16)}`);
    if (pending.provider !== provider.id || !binding || !sameHash(sha256(binding), pending.bindingHash)) {
      throw new OidcRefusal('refused', 'SERIOUS_FAILURE', 'state not bound to this browser (possible login CSRF)');
    }
    if (query.error) {
      const cancelled = query.error === 'access_denied';
      throw new OidcRefusal(cancelled ? 'cancelled' : 'refused', 'MINOR_FAILURE', `provider answered ${query.error}`, {
        error: query.error.slice(0, 100),
      });
    }

    let configuration: client.Configuration;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      configuration = await this.discover(provider);
    } catch (error) {
      throw new OidcRefusal(
        'unavailable',
        'MINOR_FAILURE',
        `identity provider unreachable or its metadata refused: ${describe(error).message}`,
        describe(error).detail,
      );
    }
    const currentUrl = new URL(this.redirectUri(provider));
    for (const [name, value] of Object.entries(query)) currentUrl.searchParams.set(name, value);
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (isUnreachable(error))
        throw new OidcRefusal('unavailable', 'MINOR_FAILURE', 'identity provider unreachable', describe(error).detail);
      // A token that fails its checks (signature, issuer, audience, nonce, expiry) may be an attack.
      throw new OidcRefusal(
        'refused',
        'SERIOUS_FAILURE',
        `ID token or token response rejected: ${describe(error).message}`,
        describe(error).detail,
      );
    }
    const idToken = tokens.id_token;
    const claims = await this.claimsOf(configuration, provider, tokens);
    const issuer = configuration.serverMetadata().issuer;
    const familyId = randomUUID();
    const outcome = await this.prisma.$transaction(async (tx) => {
      const provisioned = await this.accounts.provision(
        tx,
        provider,
        issuer,
        assertedIdentity(claims),
        grantedAccess(provider, claims),
        actor,
      );
      if (provisioned.kind === 'provisioned' && idToken) {
        await tx.oidcSession.create({
          data: {
            familyId,
            userId: provisioned.userId,
            provider: provider.id,
            subject: String(claims.sub),
            idToken,
            idpRefreshToken: tokens.refresh_token ? this.encrypt(tokens.refresh_token) : null,
          },
        });
        await this.audit.record(tx, {
          action: 'E',
          type: 'auth.login',
          actor: { ...actor, userId: provisioned.userId, roles: provisioned.roles },
          entity: { type: 'user', id: provisioned.userId },
          detail: { method: 'oidc', provider: provider.id, created: provisioned.created },
        });
      }
      return provisioned;
    });
    if (outcome.kind === 'refused') throw this.refusalOf(outcome);
    return { userId: outcome.userId, familyId };
  }

  private refusalOf(outcome: Extract<ProvisionOutcome, { kind: 'refused' }>): OidcRefusal {
    return new OidcRefusal(
      outcome.reason === 'account deactivated' ? 'deactivated' : 'no-access',
      'MINOR_FAILURE',
      outcome.reason,
      {},
      outcome.userId,
    );
  }

  /** The verified ID token's claims; the groups and roles from userinfo when the ID token has neither. */
  private async claimsOf(
    configuration: client.Configuration,
    provider: OidcProviderConfig,
    tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): Promise<Record<string, unknown>> {
    const claims: Record<string, unknown> = { ...tokens.claims() };
    const hasAccessClaims =
      claimAt(claims, provider.rolesClaim) !== undefined || claimAt(claims, provider.groupsClaim) !== undefined;
    if (!hasAccessClaims && configuration.serverMetadata().userinfo_endpoint && typeof claims.sub === 'string') {
      const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      return { ...userinfo, ...claims };
    }
    return claims;
  }

  /** Step 3: the web app trades the one-time code for our token pair. */
  async exchange(code: string, actor: AuditActor): Promise<IssuedTokens> {
    const stored = await this.redis.getdel(this.key('handoff', code));
    if (!stored) throw new UnauthorizedException('unknown, used or expired sign-in code');
    const handoff = JSON.parse(stored) as Handoff;
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.findUnique({
        where: { id: handoff.userId },
        select: { id: true, tokenVersion: true, active: true },
      });
      if (!user?.active) throw new UnauthorizedException('unknown, used or expired sign-in code');
      return this.tokens.issue(
        tx,
        user,
        { ipAddress: actor.networkAddress, userAgent: actor.userAgent },
        handoff.familyId,
      );
    });
  }

  /**
   * Before a refresh of a session that began at a provider: the provider confirms the account
   * (refresh grant) and its current claims are applied again, so a user taken out of a group
   * or disabled at the provider loses access at this refresh. Sessions whose provider gave no
   * refresh token are confirmed at the next sign-in only.
   */
  async confirm(refreshToken: string, actor: AuditActor): Promise<void> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: createHash('sha256').update(refreshToken).digest('hex') },
      select: { familyId: true, usedAt: true, revokedAt: true },
    });
    if (!row || row.usedAt || row.revokedAt) return; // TokenService answers these
    const session = await this.prisma.oidcSession.findUnique({ where: { familyId: row.familyId } });
    if (!session?.idpRefreshToken) return;
    const provider = this.config.auth.oidc.providers.find((candidate) => candidate.id === session.provider);
    const refuse = async (reason: string, detail: Record<string, unknown> = {}): Promise<never> => {
      await this.prisma.$transaction(async (tx) => {
        await tx.refreshToken.updateMany({
          where: { familyId: session.familyId, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        await tx.oidcSession.delete({ where: { familyId: session.familyId } });
        await this.audit.record(tx, {
          action: 'E',
          type: 'auth.refresh',
          outcome: 'MINOR_FAILURE',
          outcomeDesc: reason,
          actor: { ...actor, userId: session.userId },
          entity: { type: 'session', id: session.familyId },
          detail: { method: 'oidc', provider: session.provider, ...detail },
        });
      });
      throw new UnauthorizedException('invalid refresh token');
    };
    if (!provider) return refuse('identity provider no longer configured');

    let configuration: client.Configuration;
    let tokens: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
    try {
      configuration = await this.discover(provider);
      tokens = await client.refreshTokenGrant(configuration, this.decrypt(session.idpRefreshToken));
    } catch (error) {
      if (isUnreachable(error) || !(error instanceof client.ResponseBodyError)) {
        if (!isUnreachable(error))
          this.logger.warn(
            { provider: provider.id, err: describe(error).message },
            'identity provider refresh answer rejected',
          );
        // The session stays; the client may retry.
        throw new HttpException(
          'the identity provider cannot confirm the session now; try again later',
          HttpStatus.SERVICE_UNAVAILABLE,
          { cause: error },
        );
      }
      return refuse('identity provider ended the session', describe(error).detail);
    }
    const claims = tokens.id_token
      ? await this.claimsOf(configuration, provider, tokens)
      : { ...(await client.fetchUserInfo(configuration, tokens.access_token, session.subject)) };
    if (claims.sub !== session.subject) return refuse('identity provider answered for another subject');
    const outcome = await this.prisma.$transaction(async (tx) => {
      const provisioned = await this.accounts.provision(
        tx,
        provider,
        configuration.serverMetadata().issuer,
        assertedIdentity(claims),
        grantedAccess(provider, claims),
        actor,
      );
      if (provisioned.kind === 'provisioned') {
        await tx.oidcSession.update({
          where: { familyId: session.familyId },
          data: {
            confirmedAt: new Date(),
            ...(tokens.refresh_token ? { idpRefreshToken: this.encrypt(tokens.refresh_token) } : {}),
            ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
          },
        });
      }
      return provisioned;
    });
    if (outcome.kind === 'refused') await refuse(outcome.reason);
  }

  /**
   * Logout: ends the session of the refresh token and, when it began at a provider that has an
   * end-session endpoint, answers the URL the browser goes to next (RP-initiated logout).
   */
  async endSession(refreshToken: string, actor: AuditActor): Promise<string | null> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: createHash('sha256').update(refreshToken).digest('hex') },
      select: { familyId: true, userId: true },
    });
    if (!row) return null;
    const session = await this.prisma.oidcSession.findUnique({ where: { familyId: row.familyId } });
    await this.prisma.$transaction(async (tx) => {
      await tx.refreshToken.updateMany({
        where: { familyId: row.familyId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (session) await tx.oidcSession.delete({ where: { familyId: row.familyId } });
      await this.audit.record(tx, {
        action: 'E',
        type: 'auth.logout',
        actor: { ...actor, userId: row.userId },
        entity: { type: 'user', id: row.userId },
        detail: session ? { method: 'oidc', provider: session.provider } : null,
      });
    });
    const provider = session && this.config.auth.oidc.providers.find((candidate) => candidate.id === session.provider);
    if (!session || !provider) return null;
    try {
      const configuration = await this.discover(provider);
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(configuration, {
        id_token_hint: session.idToken,
        client_id: provider.clientId,
        post_logout_redirect_uri: `${this.config.http.publicBaseUrl}/`,
      }).href;
    } catch (error) {
      this.logger.warn(
        { provider: provider.id, err: describe(error).message },
        'identity provider end-session URL unavailable',
      );
      return null;
    }
  }

  private encrypt(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
  }

  private decrypt(value: string): string {
    const [iv, tag, sealed] = value.split('.').map((part) => Buffer.from(part, 'base64url')) as [
      Buffer,
      Buffer,
      Buffer,
    ];
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
  }
}
