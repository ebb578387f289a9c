import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { AuthenticatedUser } from './authenticated-user';

export interface ActiveUser {
  principal: AuthenticatedUser;
  tokenVersion: number;
  passwordHash: string;
}

/** Loads users with their board memberships in one query. */
@Injectable()
export class UserDirectory {
  constructor(private readonly prisma: PrismaService) {}

  async findActive(id: string): Promise<ActiveUser | null> {
    // findUnique (not findFirst): Prisma batches concurrent unique lookups into one query.
    const user = await this.prisma.user.findUnique({
      where: { id },
      include: { memberships: { select: { boardId: true } } },
    });
    return user?.active ? this.toActive(user) : null;
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
    passwordHash: string;
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
