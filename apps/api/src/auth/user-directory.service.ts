import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { AuthenticatedUser } from './authenticated-user';
import { UserDirectoryRepository } from './user-directory.repository';

export interface ActiveUser {
  principal: AuthenticatedUser;
  tokenVersion: number;
  passwordHash: string | null;
}

/** Loads users with their board memberships in one query. */
@Injectable()
export class UserDirectory {
  constructor(
    private readonly prisma: PrismaService,
    private readonly repository: UserDirectoryRepository,
  ) {}

  /**
   * Runs on every authenticated request: one hand-written statement (UserDirectoryRepository).
   */
  async findActive(id: string): Promise<ActiveUser | null> {
    const user = await this.repository.findActive(id);
    if (!user) return null;
    return this.toActive({
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      roles: user.roles,
      specialty: user.specialty,
      allBoardsAccess: user.all_boards_access,
      tokenVersion: user.token_version,
      passwordHash: user.password_hash,
      memberships: user.board_ids.map((boardId) => ({ boardId })),
    });
  }

  async findByEmail(email: string): Promise<(ActiveUser & { active: boolean }) | null> {
    const user = await this.prisma.user.findUnique({
      where: { email: email.trim().toLowerCase() },
      include: { memberships: { select: { boardId: true } } },
    });
    return user ? { ...this.toActive(user), active: user.active } : null;
  }

  private toActive(user: {
    id: string;
    email: string;
    displayName: string;
    roles: AuthenticatedUser['roles'];
    specialty: AuthenticatedUser['specialty'];
    allBoardsAccess: boolean;
    tokenVersion: number;
    passwordHash: string | null;
    memberships: { boardId: string }[];
  }): ActiveUser {
    return {
      principal: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        roles: user.roles,
        specialty: user.specialty,
        allBoardsAccess: user.allBoardsAccess,
        boardIds: user.memberships.map((membership) => membership.boardId),
      },
      tokenVersion: user.tokenVersion,
      passwordHash: user.passwordHash,
    };
  }
}
