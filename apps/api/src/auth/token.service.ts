import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { User } from '@prisma/client';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService, type Tx } from '@consilium/db';
import { RefreshTokensRepository } from './refresh-tokens.repository';

/** Claims of our access tokens. `tv` is the user's token version at issue time. */
export interface AccessTokenClaims {
  sub: string;
  tv: number;
}

export interface IssuedTokens {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
}

export interface SessionContext {
  ipAddress?: string | null;
  userAgent?: string | null;
}

/** What a refresh attempt found: a fresh pair, the reuse of a rotated token, a dead session, nothing. */
export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; tokens: IssuedTokens }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'refused'; userId: string; familyId: string; reason: string }
  | { kind: 'invalid' };

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Access tokens: HS256 JWTs with iss/aud/exp, at most 15 minutes. Refresh tokens: 256 random
 * bits, stored as SHA-256, single use; every token descending from one login shares a family,
 * and presenting an already-rotated token revokes the whole family (OAuth 2.0 Security BCP
 * §4.14.2, refresh token rotation with reuse detection).
 */
@Injectable()
export class TokenService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly prisma: PrismaService,
    private readonly refreshTokens: RefreshTokensRepository,
  ) {}

  async issue(
    tx: Tx,
    user: Pick<User, 'id' | 'tokenVersion'>,
    session: SessionContext,
    familyId: string = randomUUID(),
  ): Promise<IssuedTokens> {
    const refreshToken = randomBytes(32).toString('base64url');
    await tx.refreshToken.create({
      data: {
        userId: user.id,
        familyId,
        tokenHash: sha256(refreshToken),
        expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlDays * 86_400_000),
        ipAddress: session.ipAddress ?? null,
        userAgent: session.userAgent?.slice(0, 512) ?? null,
      },
    });
    const claims: AccessTokenClaims = { sub: user.id, tv: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.accessTokenTtlSeconds, refreshToken };
  }

  /** Rotates a refresh token inside one transaction; the row lock makes concurrent use safe. */
  async refresh(refreshToken: string, session: SessionContext): Promise<RefreshOutcome> {
    return this.prisma.$transaction(async (tx) => {
      const row = await this.refreshTokens.lockByHash(tx, sha256(refreshToken));
      if (!row) return { kind: 'invalid' } as const;
      // Only a token that was rotated away is reuse (theft); one revoked unused (logout,
      // password change, deactivation, a family revoked earlier) or expired is merely refused.
      if (row.used_at) {
        await tx.refreshToken.updateMany({
          where: { familyId: row.family_id, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        return { kind: 'reused', userId: row.user_id, familyId: row.family_id } as const;
      }
      const refused = (reason: string) =>
        ({ kind: 'refused', userId: row.user_id, familyId: row.family_id, reason }) as const;
      if (row.revoked_at) return refused('session revoked');
      if (row.expires_at.getTime() <= Date.now()) return refused('refresh token expired');
      const user = await tx.user.findUnique({ where: { id: row.user_id } });
      if (!user?.active) return refused('account deactivated');
      await tx.refreshToken.update({ where: { id: row.id }, data: { usedAt: new Date() } });
      const tokens = await this.issue(tx, user, session, row.family_id);
      return { kind: 'rotated', userId: user.id, tokens } as const;
    });
  }

  /** Revokes the family of the given refresh token (logout). Returns the user id, if any. */
  async revokeFamilyOf(refreshToken: string): Promise<string | null> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: sha256(refreshToken) } });
    if (!row) return null;
    await this.prisma.refreshToken.updateMany({
      where: { familyId: row.familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return row.userId;
  }

  /** Revokes every session of a user: access tokens by version bump, refresh tokens by row. */
  async revokeAllSessions(tx: Tx, userId: string): Promise<void> {
    await tx.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } } });
    await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  /** Verifies an access token (algorithm, issuer, audience, expiry); throws 401 otherwise. */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    try {
      return await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new UnauthorizedException('invalid or expired access token');
    }
  }
}
