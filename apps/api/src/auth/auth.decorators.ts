import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@prisma/client';
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import type { AuthenticatedUser } from './authenticated-user';

export const ROLES_KEY = 'consilium:roles';

/** Only users holding at least one of these roles may call the route (403 otherwise). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

/** The authenticated user of the request (set by the global JWT guard). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.user) throw new Error('CurrentUser used on a route without authentication');
  return request.user;
});

/** The web app names the screen that asks in this header (apps/web/src/api.ts); only short kebab-case names are kept. */
export const SCREEN_HEADER = 'x-consilium-screen';

/** Builds the audit actor (user, roles, address, agent, request id, route and screen) of a request. */
export function actorOf(request: AuthenticatedRequest, purposeOfUse = 'TREAT'): AuditActor {
  const userAgent = request.headers['user-agent'];
  const screen = request.headers[SCREEN_HEADER];
  return {
    userId: request.user?.id ?? null,
    roles: request.user?.roles ?? [],
    networkAddress: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    requestId: String(request.id),
    purposeOfUse,
    route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
    screen: typeof screen === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(screen) ? screen : null,
  };
}

/** The audit actor of the current request: `@Actor() actor: AuditActor`. */
export const Actor = createParamDecorator((purposeOfUse: string | undefined, context: ExecutionContext): AuditActor =>
  actorOf(context.switchToHttp().getRequest<AuthenticatedRequest>(), purposeOfUse),
);
