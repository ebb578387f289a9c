/**
 * The few SQL calls the audit store makes, over any driver: node-postgres (`pgRunner`) for the
 * sealer, scripts and tests, Prisma's `$queryRawUnsafe` in the API. Every value crosses as text
 * (the queries cast bigints, timestamps and bytea to text) so both drivers read identical rows.
 */
export interface SqlRunner {
  query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * The same, each row as an array of its columns' text in select order (every column must be
   * text or NULL). The bulk paths (sealing, verifying) read this way: no object per row.
   */
  queryTextRows(sql: string, params?: readonly unknown[]): Promise<(string | null)[][]>;
}

interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  query(config: { text: string; values: unknown[]; rowMode: 'array'; types: { getTypeParser: () => (value: string) => string } }): Promise<{ rows: unknown[] }>;
}

/** Every column as PostgreSQL's text output, unparsed. */
const TEXT_TYPES = { getTypeParser: () => (value: string): string => value };

/** A runner over one node-postgres Client or PoolClient (transactions span its calls). */
export function pgRunner(client: PgQueryable): SqlRunner {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const result = await client.query(sql, [...params]);
      return result.rows as T[];
    },
    async queryTextRows(sql: string, params: readonly unknown[] = []): Promise<(string | null)[][]> {
      const result = await client.query({ text: sql, values: [...params], rowMode: 'array', types: TEXT_TYPES });
      return result.rows as (string | null)[][];
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
    async queryTextRows(sql: string, params: readonly unknown[] = []): Promise<(string | null)[][]> {
      // Prisma keeps the select order in each row object.
      const rows = await prisma.$queryRawUnsafe<Record<string, string | null>[]>(sql, ...params);
      return rows.map((row) => Object.values(row));
    },
  };
}
