import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { AccessCache } from '../access/access-cache';
import { UserDirectory } from './user-directory.service';
import type { AuthenticatedUser } from './authenticated-user';
import { VerifiedTokens, type VerifiedClaims } from './verified-tokens';

export const JWT_ALGORITHM = 'HS256';

/** The access token of a request: `Authorization: Bearer <token>` (passport-jwt's own extractor). */
export const bearerTokenOf: (request: unknown) => string | null = ExtractJwt.fromAuthHeaderAsBearerToken() as (
  request: unknown,
) => string | null;

/**
 * Bearer JWT: signature (HS256 only: `alg: none` and others are refused), issuer, audience and
 * expiry are checked by passport-jwt; then the user must still be active and the token's
 * version current, so deactivation and "log out everywhere" take effect at once (the principal
 * comes from AccessCache, which forgets a user on every instance when a change commits).
 * A token passport-jwt accepted is remembered until it expires (VerifiedTokens), so that
 * JwtAuthGuard checks its next requests with `principalOf` alone.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly maxAgeSeconds: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UserDirectory,
    private readonly cache: AccessCache,
    private readonly verified: VerifiedTokens,
  ) {
    super({
      jwtFromRequest: bearerTokenOf,
      // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a public key on every verification.
      secretOrKey: createSecretKey(Buffer.from(config.auth.jwtSecret)) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { maxAge: `${config.auth.accessTokenTtlSeconds}s` },
      passReqToCallback: true,
    });
    this.maxAgeSeconds = config.auth.accessTokenTtlSeconds;
  }

  async validate(request: FastifyRequest, claims: VerifiedClaims): Promise<AuthenticatedUser> {
    const user = await this.principalOf(claims);
    const token = bearerTokenOf(request);
    if (token) this.verified.remember(token, claims, this.maxAgeSeconds);
    return user;
  }

  /** The user of verified claims, if still active and the token's version is current (401 otherwise). */
  async principalOf(claims: VerifiedClaims): Promise<AuthenticatedUser> {
    if (typeof claims.sub !== 'string' || typeof claims.tv !== 'number')
      throw new UnauthorizedException('malformed access token');
    const user = await this.cache.principal(claims.sub, async () => {
      const found = await this.users.findActive(claims.sub);
      return found && { principal: found.principal, tokenVersion: found.tokenVersion };
    });
    if (!user || user.tokenVersion !== claims.tv) throw new UnauthorizedException('session revoked');
    return user.principal;
  }
}
