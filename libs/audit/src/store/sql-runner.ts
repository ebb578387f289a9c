/**
 * The few SQL calls the audit store makes, over any driver: node-postgres (`pgRunner`) for the
 * sealer, scripts and tests, Prisma's `$queryRawUnsafe` in the API. Every value crosses as text
 * (the queries cast bigints, timestamps and bytea to text) so both drivers read identical rows.
 */
export interface SqlRunner {
  query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A runner over one node-postgres Client or PoolClient (transactions span its calls). */
export function pgRunner(client: PgQueryable): SqlRunner {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const result = await client.query(sql, [...params]);
      return result.rows as T[];
    },
  };
}

interface RawQueryable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** A runner over a Prisma client (no transaction across calls). */
export function prismaRunner(prisma: RawQueryable): SqlRunner {
  return {
    query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      return prisma.$queryRawUnsafe<T[]>(sql, ...params);
    },
  };
}
