import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { AuthenticatedUser } from './authenticated-user';

export interface ActiveUser {
  principal: AuthenticatedUser;
  tokenVersion: number;
  passwordHash: string | null;
}

/** Loads users with their board memberships in one query. */
@Injectable()
export class UserDirectory {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Runs on every authenticated request: one hand-written query (user and board ids together)
   * instead of two ORM queries.
   */
  async findActive(id: string): Promise<ActiveUser | null> {
    const { rows } = await this.prisma.sql.query<{
      id: string;
      email: string;
      display_name: string;
      roles: AuthenticatedUser['roles'];
      specialty: AuthenticatedUser['specialty'];
      all_boards_access: boolean;
      token_version: number;
      password_hash: string | null;
      board_ids: string[];
    }>(
      `SELECT u.id, u.email, u.display_name, u.roles::text[] AS roles, u.specialty::text AS specialty, u.all_boards_access,
              u.token_version, u.password_hash,
              COALESCE(array_agg(m.board_id::text) FILTER (WHERE m.board_id IS NOT NULL), '{}') AS board_ids
         FROM users u LEFT JOIN board_members m ON m.user_id = u.id
        WHERE u.id = $1::uuid AND u.active
        GROUP BY u.id`,
      [id],
    );
    const user = rows[0];
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
