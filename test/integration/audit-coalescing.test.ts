import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CoalescingAuditWriter, type AuditEventInput, type SqlQueryable } from '@consilium/audit';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** Group commit of PHI-read events: every event lands exactly once, in fewer INSERTs than events. */
describe('CoalescingAuditWriter', () => {
  let database: TestDatabase;
  let pool: Pool;
  /** The real pool, counting the statements sent through it. */
  let statements: string[];
  let counted: SqlQueryable;
  const source = { service: 'consilium-test', instance: 'coalescing' };
  const read = (requestId: string, patientId: string | null = randomUUID()): AuditEventInput => ({
    action: 'R',
    type: 'case.read',
    actor: { userId: null, requestId },
    entity: { type: 'case', id: randomUUID() },
    patientId,
  });

  beforeAll(async () => {
    database = await createTestDatabase('audit_coalescing');
    pool = new Pool({ connectionString: database.url, max: 4 });
  });
  beforeEach(() => {
    statements = [];
    counted = { query: (text, values) => (statements.push(text), pool.query(text, values)) };
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  async function storedRequestIds(prefix: string): Promise<string[]> {
    const { rows } = await pool.query<{ request_id: string }>(
      'SELECT request_id FROM audit_events WHERE request_id LIKE $1 ORDER BY seq',
      [`${prefix}%`],
    );
    return rows.map((row) => row.request_id);
  }

  it('writes a lone event at once, in one INSERT of one row', async () => {
    const writer = new CoalescingAuditWriter(counted, source);
    await writer.write(read('lone-1'));
    expect(statements).toHaveLength(1);
    expect(await storedRequestIds('lone-')).toEqual(['lone-1']);
  });

  it('writes 1,000 concurrent events exactly once each, sharing INSERTs, each promise settling after its commit', async () => {
    const writer = new CoalescingAuditWriter(counted, source, 2);
    const ids = Array.from({ length: 1000 }, (_, index) => `burst-${String(index).padStart(4, '0')}`);
    await Promise.all(
      ids.map(async (id) => {
        await writer.write(read(id));
        // Resolved means committed: the row is visible to another connection now.
        const { rowCount } = await pool.query('SELECT 1 FROM audit_events WHERE request_id = $1', [id]);
        expect(rowCount).toBe(1);
      }),
    );
    expect((await storedRequestIds('burst-')).sort()).toEqual(ids);
    expect(statements.length).toBeLessThan(20);
    expect(writer.waiting).toBe(0);
  });

  it('fails only the bad event of a shared INSERT; its neighbours are written', async () => {
    const writer = new CoalescingAuditWriter(counted, source, 1);
    const results = await Promise.allSettled([
      writer.write(read('mixed-0')),
      writer.write(read('mixed-1')),
      writer.write(read('mixed-2', 'not-a-uuid')),
      writer.write(read('mixed-3')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toHaveProperty('message', expect.stringContaining('uuid'));
    expect((await storedRequestIds('mixed-')).sort()).toEqual(['mixed-0', 'mixed-1', 'mixed-3']);
  });
});
