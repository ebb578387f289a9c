import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@prisma/client';
import { ROLES_KEY, type AuthenticatedRequest } from './auth.decorators';

/** Global guard after authentication: @Roles(...) routes need one of the roles (403 otherwise). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) return true; // public route: nothing to check
    if (user.roles.some((role) => roles.includes(role))) return true;
    throw new ForbiddenException(`requires one of the roles: ${roles.join(', ')}`);
  }
}
