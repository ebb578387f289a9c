import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { AccessCache } from '../access/access-cache';
import { UserDirectory } from './user-directory.service';
import type { AuthenticatedUser } from './authenticated-user';
import type { AccessTokenClaims } from './token.service';

export const JWT_ALGORITHM = 'HS256';

/**
 * Bearer JWT: signature (HS256 only: `alg: none` and others are refused), issuer, audience and
 * expiry are checked by passport-jwt; then the user must still be active and the token's
 * version current, so deactivation and "log out everywhere" take effect at once (the principal
 * comes from AccessCache, which forgets a user on every instance when a change commits).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UserDirectory,
    private readonly cache: AccessCache,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a public key on every verification.
      secretOrKey: createSecretKey(Buffer.from(config.auth.jwtSecret)) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { maxAge: `${config.auth.accessTokenTtlSeconds}s` },
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
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
