import { Client } from 'pg';
import { pgRunner, verifyAuditLog } from '@consilium/audit';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { insertEvents, sealingRig } from './audit-fixtures';

/** The sealer's watermark never skips an event whose transaction commits after later ones were sealed. */
describe('audit sealer: late commits', () => {
  let database: TestDatabase;
  let client: Client;
  let late: Client;

  beforeAll(async () => {
    database = await createTestDatabase('audit_sealer');
    client = new Client({ connectionString: database.url });
    late = new Client({ connectionString: database.url });
    await Promise.all([client.connect(), late.connect()]);
  });
  afterAll(async () => {
    await late?.end();
    await client?.end();
    await database?.drop();
  });

  it('seals an event with a lower seq that commits after higher ones were sealed, after the current end', async () => {
    const rig = sealingRig(client, 7);
    await insertEvents(client, 5);
    await late.query('BEGIN');
    await insertEvents(late, 1, 100); // draws the next seq, commits later
    const {
      rows: [held],
    } = await late.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM audit_events');
    await insertEvents(client, 20, 200);
    expect(await rig.sealer.sealAll()).toBe(25);
    expect(await rig.sealer.sealAll()).toBe(0); // several rounds pass while it is still running
    await late.query('COMMIT');
    expect(await rig.sealer.sealAll()).toBe(1);
    const { rows } = await client.query<{ leaf_index: string }>(
      'SELECT leaf_index::text AS leaf_index FROM audit_leaves WHERE seq = $1',
      [held!.seq],
    );
    expect(rows).toEqual([{ leaf_index: '25' }]);

    // Rolled-back seqs (gaps) do not hold the sealer back either.
    await late.query('BEGIN');
    await insertEvents(late, 3, 300);
    await late.query('ROLLBACK');
    await insertEvents(client, 4, 400);
    expect(await rig.sealer.sealAll()).toBe(4);
    const report = await verifyAuditLog(pgRunner(client), rig.signer.publicKey, rig.external);
    expect(report).toMatchObject({ ok: true, leavesVerified: '30', unsealedEvents: 0 });
  });
});
