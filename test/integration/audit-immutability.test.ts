import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { insertEvents, sealingRig } from './audit-fixtures';

/** The database itself refuses UPDATE, DELETE and TRUNCATE on the audit tables (as the app's role, a superuser here). */
describe('audit tables are append-only', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('audit_immutability');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await insertEvents(client, 20);
    await sealingRig(client, 10).sealer.sealOnce(); // 10 sealed, 10 unsealed
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it.each([
    ['UPDATE audit_events SET type = $$x$$ WHERE leaf_index = 0', 'audit_events is append-only: UPDATE refused'],
    ['UPDATE audit_events SET type = $$x$$ WHERE leaf_index IS NULL', 'audit_events is append-only: UPDATE refused'],
    ['UPDATE audit_events SET leaf_index = 99 WHERE leaf_index = 0', 'audit_events is append-only: UPDATE refused'],
    ['DELETE FROM audit_events WHERE leaf_index IS NULL', 'audit_events is append-only: DELETE refused'],
    ['TRUNCATE audit_events', 'audit_events is append-only: TRUNCATE refused'],
    ['UPDATE audit_batches SET size = size', 'audit_batches is append-only: UPDATE refused'],
    ['DELETE FROM audit_batches', 'audit_batches is append-only: DELETE refused'],
    ['TRUNCATE audit_batches CASCADE', 'audit_batches is append-only: TRUNCATE refused'],
    ['UPDATE audit_checkpoints SET key_id = key_id', 'audit_checkpoints is append-only: UPDATE refused'],
    ['DELETE FROM audit_checkpoints', 'audit_checkpoints is append-only: DELETE refused'],
    ['TRUNCATE audit_checkpoints', 'audit_checkpoints is append-only: TRUNCATE refused'],
  ])('refuses %s', async (statement, message) => {
    const { rows: [superuser] } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    expect(superuser?.rolsuper).toBe(true); // triggers bind even the superuser the app connects as
    await expect(client.query(statement)).rejects.toThrow(message);
    const { rows } = await client.query<{ events: string; sealed: string }>('SELECT count(*)::text AS events, count(leaf_index)::text AS sealed FROM audit_events');
    expect(rows[0]).toEqual({ events: '20', sealed: '10' });
  });

  it('lets the sealer set batch_id, leaf_index and leaf_hash once, and only those', async () => {
    await client.query('BEGIN');
    try {
      await expect(
        client.query(`UPDATE audit_events SET batch_id = 1, leaf_index = 1000, leaf_hash = '\\x00', type = 'x' WHERE seq = (SELECT max(seq) FROM audit_events)`),
      ).rejects.toThrow('append-only');
    } finally {
      await client.query('ROLLBACK');
    }
    const sealed = await client.query(`UPDATE audit_events SET batch_id = 1, leaf_index = 1000, leaf_hash = '\\x00' WHERE seq = (SELECT max(seq) FROM audit_events)`);
    expect(sealed.rowCount).toBe(1);
    await expect(client.query(`UPDATE audit_events SET leaf_hash = '\\x01' WHERE leaf_index = 1000`)).rejects.toThrow('append-only');
  });
});
