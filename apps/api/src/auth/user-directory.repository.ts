import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { AuthenticatedUser } from './authenticated-user';

/** An active user with the ids of the boards they belong to. */
export interface ActiveUserRow {
  id: string;
  email: string;
  display_name: string;
  roles: AuthenticatedUser['roles'];
  specialty: AuthenticatedUser['specialty'];
  all_boards_access: boolean;
  token_version: number;
  password_hash: string | null;
  board_ids: string[];
}

/** The user lookup of every authenticated request, in plain SQL on the pg pool (`pool.query(text, values)`). */
@Injectable()
export class UserDirectoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One statement (user and board ids together) instead of two ORM queries; undefined when unknown or inactive. */
  async findActive(id: string): Promise<ActiveUserRow | undefined> {
    const { rows } = await this.prisma.sql.query<ActiveUserRow>(
      `SELECT u.id, u.email, u.display_name, u.roles::text[] AS roles, u.specialty::text AS specialty, u.all_boards_access,
              u.token_version, u.password_hash,
              COALESCE(array_agg(m.board_id::text) FILTER (WHERE m.board_id IS NOT NULL), '{}') AS board_ids
         FROM users u LEFT JOIN board_members m ON m.user_id = u.id
        WHERE u.id = $1::uuid AND u.active
        GROUP BY u.id`,
      [id],
    );
    return rows[0];
  }
}
