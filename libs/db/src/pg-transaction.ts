import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on a client of `pool` (off the ORM, for hot paths): COMMIT when
 * it resolves, ROLLBACK and rethrow when it throws; the client goes back to the pool either way.
 */
export async function withPgTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
