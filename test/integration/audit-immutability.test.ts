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
    [
      'UPDATE audit_events SET type = $$x$$ WHERE seq IN (SELECT seq FROM audit_leaves)',
      'audit_events is append-only: UPDATE refused',
    ],
    [
      'UPDATE audit_events SET type = $$x$$ WHERE seq NOT IN (SELECT seq FROM audit_leaves)',
      'audit_events is append-only: UPDATE refused',
    ],
    ['UPDATE audit_events SET type = type', 'audit_events is append-only: UPDATE refused'],
    [
      'DELETE FROM audit_events WHERE seq NOT IN (SELECT seq FROM audit_leaves)',
      'audit_events is append-only: DELETE refused',
    ],
    ['TRUNCATE audit_events CASCADE', 'audit_events is append-only: TRUNCATE refused'],
    ['UPDATE audit_leaves SET leaf_hash = leaf_hash', 'audit_leaves is append-only: UPDATE refused'],
    ['DELETE FROM audit_leaves WHERE leaf_index = 0', 'audit_leaves is append-only: DELETE refused'],
    ['TRUNCATE audit_leaves', 'audit_leaves is append-only: TRUNCATE refused'],
    ['UPDATE audit_batches SET size = size', 'audit_batches is append-only: UPDATE refused'],
    ['DELETE FROM audit_batches', 'audit_batches is append-only: DELETE refused'],
    ['TRUNCATE audit_batches CASCADE', 'audit_batches is append-only: TRUNCATE refused'],
    ['UPDATE audit_checkpoints SET key_id = key_id', 'audit_checkpoints is append-only: UPDATE refused'],
    ['DELETE FROM audit_checkpoints', 'audit_checkpoints is append-only: DELETE refused'],
    ['TRUNCATE audit_checkpoints', 'audit_checkpoints is append-only: TRUNCATE refused'],
  ])('refuses %s', async (statement, message) => {
    const {
      rows: [superuser],
    } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    expect(superuser?.rolsuper).toBe(true); // triggers bind even the superuser the app connects as
    await expect(client.query(statement)).rejects.toThrow(message);
    const { rows } = await client.query<{ events: string; sealed: string }>(
      'SELECT count(*)::text AS events, (SELECT count(*) FROM audit_leaves)::text AS sealed FROM audit_events',
    );
    expect(rows[0]).toEqual({ events: '20', sealed: '10' });
  });

  it('refuses every UPDATE of audit_events, even one setting no column to a new value', async () => {
    await expect(
      client.query('UPDATE audit_events SET seq = seq WHERE seq = (SELECT max(seq) FROM audit_events)'),
    ).rejects.toThrow('audit_events is append-only: UPDATE refused');
  });

  it('seals the rest by appending to audit_leaves only', async () => {
    const rig = sealingRig(client, 10);
    expect(await rig.sealer.sealAll()).toBe(10);
    const { rows } = await client.query<{ leaves: string; events: string }>(
      'SELECT count(*)::text AS leaves, count(DISTINCT seq)::text AS events FROM audit_leaves',
    );
    expect(rows[0]).toEqual({ leaves: '20', events: '20' });
  });
});
