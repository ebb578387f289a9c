import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { Client } from 'pg';
import { seedDemo } from '../../prisma/seed';
import { ROOT } from '../support/constants';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** The audit_event_subjects migration's backfill: events recorded before it get their cases and patients too. */
const MIGRATION = join(ROOT, 'prisma', 'migrations', '20261129130943_audit_event_subjects', 'migration.sql');

describe('audit_event_subjects backfill', () => {
  let database: TestDatabase;
  let client: Client;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase('audit_subjects');
    client = new Client({ connectionString: database.url });
    await client.connect();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await client?.end();
    await database?.drop();
  });

  it('indexes the events written before the trigger existed by case and patient, once', async () => {
    const [first, second] = await prisma.case.findMany({ orderBy: { reference: 'asc' }, take: 2 });
    const recommendation = await prisma.recommendation.create({
      data: {
        caseId: first!.id,
        draftVersion: 1,
        pathwayId: 'p',
        pathwayVersion: '1',
        primaryBranch: 'palliative-systemic',
        factsSnapshot: {},
        draftPlan: {},
        findings: [],
      },
    });
    // As before the migration: no trigger.
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_event_subjects_insert');
    const insert = `INSERT INTO audit_events (action, type, source_service, source_instance, entity_type, entity_id, detail) VALUES ('R', $1, 'test', '1', $2, $3, $4) RETURNING seq`;
    const seqOf = async (type: string, entityType: string, entityId: string | null, detail: unknown): Promise<string> =>
      (
        await client.query<{ seq: string }>(insert, [
          type,
          entityType,
          entityId,
          detail === null ? null : JSON.stringify(detail),
        ])
      ).rows[0]!.seq;
    const agendaRead = await seqOf('meeting.agenda.read', 'meeting', 'm', {
      caseIds: [first!.id, second!.id, 'not-a-uuid'],
    });
    const signOff = await seqOf('recommendation.sign-off', 'recommendation', recommendation.id, { round: 1 });
    const vote = await seqOf('vote.cast', 'vote', 'v', { recommendationId: recommendation.id });
    const login = await seqOf('auth.login', 'user', 'u', null);
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_event_subjects_insert');
    const subjects = async (): Promise<string[]> =>
      (
        await client.query<{ row: string }>(
          `SELECT event_seq || ' ' || case_id || ' ' || patient_id AS row FROM audit_event_subjects WHERE event_seq = ANY($1::bigint[]) ORDER BY 1`,
          [[agendaRead, signOff, vote, login]],
        )
      ).rows.map((r) => r.row);
    expect(await subjects()).toEqual([]);

    const backfill = readFileSync(MIGRATION, 'utf8').split('-- Backfill')[1]!.split('\n').slice(1).join('\n');
    await client.query(backfill);
    await client.query(backfill); // idempotent
    const expected = [
      `${agendaRead} ${first!.id} ${first!.patientId}`,
      `${agendaRead} ${second!.id} ${second!.patientId}`,
      `${signOff} ${first!.id} ${first!.patientId}`,
      `${vote} ${first!.id} ${first!.patientId}`,
    ].sort();
    expect(await subjects()).toEqual(expected);
  });
});
