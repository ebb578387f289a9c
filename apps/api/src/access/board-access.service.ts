import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/**
 * Object-level access: boards scope every case, meeting and audit entry. One place decides; a
 * user outside the object's board gets the same 404 as for an object that does not exist, so
 * ids leak nothing.
 */
@Injectable()
export class BoardAccessService {
  /** Prisma `where` fragment restricting `boardId` to the user's boards (undefined = all). */
  boardFilter(user: AuthenticatedUser): { in: string[] } | undefined {
    return user.allBoardsAccess ? undefined : { in: [...user.boardIds] };
  }

  canAccessBoard(user: AuthenticatedUser, boardId: string | null | undefined): boolean {
    if (!boardId) return false;
    return user.allBoardsAccess || user.boardIds.includes(boardId);
  }

  /** Returns the object when its board is in the user's scope; 404 otherwise (or when missing). */
  scoped<T extends { boardId: string }>(user: AuthenticatedUser, object: T | null | undefined, what = 'resource'): T {
    if (!object || !this.canAccessBoard(user, object.boardId)) {
      throw new NotFoundException(`${what} not found`);
    }
    return object;
  }
}
