import { HttpException, Injectable, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY } from '../common/public.decorator';
import type { AuthenticatedRequest } from './auth.decorators';
import type { AuthenticatedUser } from './authenticated-user';
import { bearerTokenOf, JwtStrategy } from './jwt.strategy';
import { VerifiedTokens } from './verified-tokens';

/**
 * Global guard: every route requires a valid bearer token unless marked @Public(). A route
 * someone forgets to protect is still protected. A token seen before and not expired skips
 * passport (its signature was checked then; VerifiedTokens); its user is checked every time.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
    private readonly verified: VerifiedTokens,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerTokenOf(request);
    const claims = token ? this.verified.claimsOf(token) : undefined;
    if (!claims) return (await super.canActivate(context)) as boolean;
    let user: AuthenticatedUser | false = false;
    let error: unknown = null;
    try {
      user = await this.strategy.principalOf(claims);
    } catch (caught) {
      error = caught;
    }
    request.user = this.handleRequest(error, user);
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    // The user lookup failed (PostgreSQL away): not a verdict on the token, and a 401 would sign
    // the client out. The filter answers 503 (or 500 for a bug).
    if (error && !(error instanceof HttpException)) throw error;
    if (error || !user) throw new UnauthorizedException('authentication required');
    return user;
  }
}
