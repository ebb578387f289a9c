import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ROOT } from '../support/constants';
import { createEmptyDatabase, migrateDatabase, type TestDatabase } from '../support/postgres';

const run = promisify(execFile);

/**
 * Splits a pg_dump into statements, drops Prisma's own bookkeeping table and sorts the column
 * lines of each CREATE TABLE: an ALTER TABLE ADD COLUMN appends where the schema may list the
 * column elsewhere, and column order is not a difference worth failing on.
 */
function normalise(dump: string): string[] {
  const statements = dump
    .split('\n')
    .filter((line) => !line.startsWith('--') && !line.startsWith('\\') && !line.startsWith('SET ') && !line.startsWith('SELECT pg_catalog.set_config'))
    .join('\n')
    .split(/;\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0 && !statement.includes('_prisma_migrations'));
  return statements
    .map((statement) => {
      const match = /^(CREATE TABLE [^(]+\()\n([\s\S]*)\n\)$/.exec(statement);
      if (!match) return statement;
      const columns = match[2]!.split(',\n').map((line) => line.trim()).sort();
      return `${match[1]}\n${columns.join(',\n')}\n)`;
    })
    .sort();
}

async function schemaDump(database: TestDatabase): Promise<string[]> {
  const { stdout } = await run('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', database.url], { maxBuffer: 64 * 1024 * 1024 });
  return normalise(stdout);
}

describe('prisma migrations', () => {
  let migrated: TestDatabase;
  let fromSchema: TestDatabase;

  beforeAll(async () => {
    [migrated, fromSchema] = await Promise.all([createEmptyDatabase('migrated'), createEmptyDatabase('fromschema')]);
  });
  afterAll(async () => {
    await Promise.all([migrated?.drop(), fromSchema?.drop()]);
  });

  it('the committed migrations and the schema describe the same database', async () => {
    await migrateDatabase(migrated.name);

    const { stdout: sql } = await run(
      'npx',
      ['prisma', 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: fromSchema.url }, maxBuffer: 16 * 1024 * 1024 },
    );
    const client = new Client({ connectionString: fromSchema.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }

    const [viaMigrations, viaSchema] = await Promise.all([schemaDump(migrated), schemaDump(fromSchema)]);
    expect(viaMigrations.length).toBeGreaterThan(50); // tables, enums, indexes, foreign keys
    expect(viaMigrations).toEqual(viaSchema);
  });

  it('detects a difference: a column missing from the migrated database fails the comparison', async () => {
    const client = new Client({ connectionString: migrated.url });
    await client.connect();
    try {
      await client.query('ALTER TABLE cases DROP COLUMN question_for_board');
    } finally {
      await client.end();
    }
    const [viaMigrations, viaSchema] = await Promise.all([schemaDump(migrated), schemaDump(fromSchema)]);
    expect(viaMigrations).not.toEqual(viaSchema);
  });
});
