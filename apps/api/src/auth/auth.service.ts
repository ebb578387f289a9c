import { BadRequestException, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { PrismaService } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { FieldValidationException } from '../common/problem';
import { actorOf } from './auth.decorators';
import type { AuthenticatedUser } from './authenticated-user';
import type { LoginAttempt } from './login-limiter';
import { hashPassword, verifyPassword } from './password.hasher';
import { OidcService } from './oidc/oidc.service';
import { passwordProblems } from './password-policy';
import { TokenService, type IssuedTokens, type SessionContext } from './token.service';
import { UserDirectory } from './user-directory.service';

/** Same answer for an unknown e-mail, a wrong password and a deactivated account. */
const INVALID_CREDENTIALS = 'invalid e-mail or password';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the e-mail is unknown, so both paths cost one argon2 verification. */
  private readonly decoyHash = hashPassword('decoy password that never matches anything');

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UserDirectory,
    private readonly tokens: TokenService,
    private readonly audit: AuditRecorder,
    private readonly oidc: OidcService,
  ) {}

  /** PASSWORD_LOGIN=disabled: every user signs in through an identity provider. */
  assertPasswordLogin(): void {
    if (!this.oidc.passwordLogin)
      throw new ForbiddenException(
        'password sign-in is disabled on this deployment: sign in with your identity provider',
      );
  }

  /** passport-local's check. Records the failure (never the password) and answers uniformly. */
  async authenticate(request: FastifyRequest, email: string, password: string): Promise<AuthenticatedUser> {
    const found = await this.users.findByEmail(email);
    // One argon2 verification on every path; the decoy's result never counts.
    const valid = found?.passwordHash
      ? await verifyPassword(found.passwordHash, password)
      : (await verifyPassword(await this.decoyHash, password)) && false;
    if (found && found.active && valid) return found.principal;

    const reason = !found
      ? 'unknown account'
      : !found.active
        ? 'account deactivated'
        : found.passwordHash === null
          ? 'account has no password (identity provider)'
          : 'wrong password';
    await this.audit.recordNow({
      action: 'E',
      type: 'auth.login',
      outcome: 'MINOR_FAILURE',
      outcomeDesc: reason,
      actor: { ...actorOf(request, 'SYSADMIN'), userId: found?.principal.id ?? null },
      entity: { type: 'user', id: found?.principal.id ?? null },
    });
    this.logger.warn({ userId: found?.principal.id ?? null, reason, requestId: request.id }, 'login failed');
    throw new UnauthorizedException(INVALID_CREDENTIALS);
  }

  /** Records a refused (throttled) login attempt: the account if it exists, the limit, the wait. */
  async recordThrottled(
    request: FastifyRequest,
    email: string,
    refusal: Extract<LoginAttempt, { allowed: false }>,
  ): Promise<void> {
    const userId = (await this.users.findByEmail(email))?.principal.id ?? null;
    await this.audit.recordNow({
      action: 'E',
      type: 'auth.login',
      outcome: 'MINOR_FAILURE',
      outcomeDesc: 'throttled',
      actor: { ...actorOf(request, 'SYSADMIN'), userId },
      entity: { type: 'user', id: userId },
      detail: { limit: refusal.limit, retryAfterSeconds: refusal.retryAfterSeconds },
    });
    this.logger.warn({ userId, limit: refusal.limit, requestId: request.id }, 'login throttled');
  }

  async login(user: AuthenticatedUser, actor: AuditActor): Promise<IssuedTokens> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, tokenVersion: true } });
      const tokens = await this.tokens.issue(tx, row, this.session(actor));
      await this.audit.record(tx, {
        action: 'E',
        type: 'auth.login',
        actor: { ...actor, userId: user.id, roles: user.roles },
        entity: { type: 'user', id: user.id },
      });
      return tokens;
    });
  }

  async refresh(refreshToken: string, actor: AuditActor): Promise<IssuedTokens> {
    // A session that began at an identity provider is confirmed there first (group changes, leavers).
    await this.oidc.confirm(refreshToken, actor);
    const outcome = await this.tokens.refresh(refreshToken, this.session(actor));
    switch (outcome.kind) {
      case 'rotated':
        return outcome.tokens;
      case 'reused':
        await this.audit.recordNow({
          action: 'E',
          type: 'auth.refresh-reuse',
          outcome: 'SERIOUS_FAILURE',
          outcomeDesc: 'a rotated refresh token was presented again; its session family is revoked',
          actor: { ...actor, userId: outcome.userId },
          entity: { type: 'session', id: outcome.familyId },
        });
        this.logger.warn(
          { userId: outcome.userId, family: outcome.familyId },
          'refresh token reuse: session family revoked',
        );
        throw new UnauthorizedException('invalid refresh token');
      case 'refused':
        await this.audit.recordNow({
          action: 'E',
          type: 'auth.refresh',
          outcome: 'MINOR_FAILURE',
          outcomeDesc: outcome.reason,
          actor: { ...actor, userId: outcome.userId },
          entity: { type: 'session', id: outcome.familyId },
        });
        throw new UnauthorizedException('invalid refresh token');
      case 'invalid':
        throw new UnauthorizedException('invalid refresh token');
    }
  }

  async logout(refreshToken: string, actor: AuditActor): Promise<void> {
    const userId = await this.tokens.revokeFamilyOf(refreshToken);
    if (userId) {
      await this.audit.recordNow({
        action: 'E',
        type: 'auth.logout',
        actor: { ...actor, userId },
        entity: { type: 'user', id: userId },
      });
    }
  }

  /** Changes the password and ends every other session; returns a fresh session. */
  async changePassword(
    user: AuthenticatedUser,
    currentPassword: string,
    newPassword: string,
    actor: AuditActor,
  ): Promise<IssuedTokens> {
    this.assertPasswordLogin();
    const found = await this.users.findActive(user.id);
    if (!found || !(await verifyPassword(found.passwordHash, currentPassword))) {
      throw new FieldValidationException([{ field: 'currentPassword', message: 'currentPassword is not correct' }]);
    }
    const problems = passwordProblems(newPassword, { email: user.email });
    if (problems.length > 0)
      throw new FieldValidationException(
        problems.map((message) => ({ field: 'newPassword', message: message.replace(/^password/, 'newPassword') })),
      );
    if (newPassword === currentPassword) throw new BadRequestException('newPassword must differ from currentPassword');
    const passwordHash = await hashPassword(newPassword);
    return this.prisma.$transaction(async (tx) => {
      await this.tokens.revokeAllSessions(tx, user.id);
      const row = await tx.user.update({
        where: { id: user.id },
        data: { passwordHash, passwordChangedAt: new Date() },
        select: { id: true, tokenVersion: true },
      });
      await this.audit.record(tx, {
        action: 'U',
        type: 'auth.password-change',
        actor,
        entity: { type: 'user', id: user.id },
        changes: { passwordHash: { old: '[redacted]', new: '[redacted]' } },
      });
      return this.tokens.issue(tx, row, this.session(actor));
    });
  }

  private session(actor: AuditActor): SessionContext {
    return { ipAddress: actor.networkAddress, userAgent: actor.userAgent };
  }
}
