/**
 * The few SQL calls the audit store makes, over node-postgres (`pgRunner`: a Client, a PoolClient
 * or a Pool). Every value crosses as text (the queries cast bigints, timestamps and bytea to text).
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
  query(config: {
    text: string;
    values: unknown[];
    rowMode: 'array';
    types: { getTypeParser: () => (value: string) => string };
  }): Promise<{ rows: unknown[] }>;
}

/** Every column as PostgreSQL's text output, unparsed. */
const TEXT_TYPES = {
  getTypeParser:
    () =>
    (value: string): string =>
      value,
};

/** A runner over a node-postgres Client or PoolClient (transactions span its calls) or a Pool (they do not). */
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
