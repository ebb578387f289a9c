import { HttpException, Injectable, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY } from '../common/public.decorator';

/**
 * Global guard: every route requires a valid bearer token unless marked @Public(). A route
 * someone forgets to protect is still protected.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    // The user lookup failed (PostgreSQL away): not a verdict on the token, and a 401 would sign
    // the client out. The filter answers 503 (or 500 for a bug).
    if (error && !(error instanceof HttpException)) throw error;
    if (error || !user) throw new UnauthorizedException('authentication required');
    return user;
  }
}
