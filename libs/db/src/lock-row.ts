import { Prisma } from '@prisma/client';

/** The tables whose rows a transaction locks to serialise edits of one object. */
export type LockableTable = 'cases' | 'meetings' | 'recommendations';

/**
 * Row-lock strength. `NO KEY UPDATE` queues writers of the row behind each other but lets other
 * transactions insert rows that reference it (their foreign-key check takes KEY SHARE), so a
 * reminder or a vote inserted meanwhile cannot deadlock with the edit; `UPDATE` blocks those too.
 */
export type RowLockStrength = 'UPDATE' | 'NO KEY UPDATE';

/** What `lockRow` needs of a transaction: Prisma's raw query. */
export interface RawQueryRunner {
  $queryRaw<T = unknown>(query: Prisma.Sql): Prisma.PrismaPromise<T>;
}

/**
 * Locks one row for the rest of the transaction; true when the row exists. The table and strength
 * come from closed unions, never from input, so they are safe to splice into the statement.
 */
export async function lockRow(
  tx: RawQueryRunner,
  table: LockableTable,
  id: string,
  strength: RowLockStrength,
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id FROM ${Prisma.raw(table)} WHERE id = ${id}::uuid FOR ${Prisma.raw(strength)}`,
  );
  return rows.length > 0;
}
