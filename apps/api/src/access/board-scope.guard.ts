import { Injectable, NotFoundException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { BoardResolver } from './board-resolver';
import { OWNED_BY_KEY, SCOPED_BY_KEY, type OwnedByMetadata, type ScopedByMetadata } from './scoped-by.decorator';

/**
 * Global guard after authentication and roles: for @ScopedBy routes, 404 unless the object
 * exists in one of the user's boards (the same answer as for a missing object: no existence
 * leak). Runs before pipes, so an outsider learns nothing from validation errors either.
 */
@Injectable()
export class BoardScopeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: BoardResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { params: Record<string, string> }>();
    const owned = this.reflector.get<OwnedByMetadata | undefined>(OWNED_BY_KEY, context.getHandler());
    if (owned) {
      const id = request.params[owned.param];
      if (!request.user || !id || (await this.resolver.ownerOf(owned.kind, id)) !== request.user.id)
        throw new NotFoundException(`${owned.kind} not found`);
    }
    const scope = this.reflector.get<ScopedByMetadata | undefined>(SCOPED_BY_KEY, context.getHandler());
    if (!scope) return true;
    const user = request.user;
    const id = request.params[scope.param];
    if (!user || !id) throw new NotFoundException('not found');
    const boards = await this.resolver.boardsOf(scope.kind, id);
    const visible =
      boards.length > 0 && (user.allBoardsAccess || boards.some((board) => user.boardIds.includes(board)));
    if (!visible) throw new NotFoundException(`${scope.kind} not found`);
    return true;
  }
}
