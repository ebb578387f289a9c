import { Injectable } from '@nestjs/common';
import type { Tx } from '@consilium/db';

/** A refresh token as the rotation reads it, locked. */
export interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
}

/** Refresh-token statements Prisma's query builder cannot say (Prisma's tagged template, inside the caller's transaction). */
@Injectable()
export class RefreshTokensRepository {
  /** The token with this SHA-256 hash, locked FOR UPDATE until the transaction ends: concurrent rotations queue. */
  async lockByHash(tx: Tx, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const rows = await tx.$queryRaw<RefreshTokenRow[]>`
      SELECT id, user_id, family_id, used_at, revoked_at, expires_at
      FROM refresh_tokens WHERE token_hash = ${tokenHash} FOR UPDATE`;
    return rows[0];
  }
}
