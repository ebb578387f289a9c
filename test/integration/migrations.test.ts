import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ROOT } from '../support/constants';
import { createEmptyDatabase, migrateDatabase, type TestDatabase } from '../support/postgres';

const run = promisify(execFile);

/**
 * Raw SQL that Prisma's schema cannot express (triggers, functions, partial indexes) lives in
 * prisma/sql/*.sql and, verbatim, in the migration that introduced it.
 */
const RAW_SQL_DIR = join(ROOT, 'prisma', 'sql');
const rawSqlFiles = (): string[] =>
  readdirSync(RAW_SQL_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort();
/** Raw SQL a later file replaced (it no longer applies to the schema), still kept verbatim in its migration. */
const SUPERSEDED_DIR = join(RAW_SQL_DIR, 'superseded');
const supersededFiles = (): string[] =>
  readdirSync(SUPERSEDED_DIR)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => join('superseded', file))
    .sort();

/**
 * Splits a pg_dump into statements, drops Prisma's own bookkeeping table and sorts the column
 * lines of each CREATE TABLE: an ALTER TABLE ADD COLUMN appends where the schema may list the
 * column elsewhere, and column order is not a difference worth failing on.
 */
function normalise(dump: string): string[] {
  const statements = dump
    .split('\n')
    .filter(
      (line) =>
        !line.startsWith('--') &&
        !line.startsWith('\\') &&
        !line.startsWith('SET ') &&
        !line.startsWith('SELECT pg_catalog.set_config'),
    )
    .join('\n')
    .split(/;\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0 && !statement.includes('_prisma_migrations'));
  return statements
    .map((statement) => {
      const match = /^(CREATE TABLE [^(]+\()\n([\s\S]*)\n\)$/.exec(statement);
      if (!match) return statement;
      const columns = match[2]!
        .split(',\n')
        .map((line) => line.trim())
        .sort();
      return `${match[1]}\n${columns.join(',\n')}\n)`;
    })
    .sort();
}

async function schemaDump(database: TestDatabase): Promise<string[]> {
  const { stdout } = await run('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', database.url], {
    maxBuffer: 64 * 1024 * 1024,
  });
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
      for (const file of rawSqlFiles()) await client.query(readFileSync(join(RAW_SQL_DIR, file), 'utf8'));
    } finally {
      await client.end();
    }

    const [viaMigrations, viaSchema] = await Promise.all([schemaDump(migrated), schemaDump(fromSchema)]);
    expect(viaMigrations.length).toBeGreaterThan(50); // tables, enums, indexes, foreign keys
    expect(viaMigrations).toEqual(viaSchema);
  });

  it('keeps every prisma/sql file verbatim in a migration', () => {
    const migrations = readdirSync(join(ROOT, 'prisma', 'migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => readFileSync(join(ROOT, 'prisma', 'migrations', entry.name, 'migration.sql'), 'utf8'));
    expect(rawSqlFiles()).toContain('audit-leaves.sql');
    expect(supersededFiles()).toContain(join('superseded', 'audit-integrity.sql'));
    for (const file of [...rawSqlFiles(), ...supersededFiles()]) {
      const text = readFileSync(join(RAW_SQL_DIR, file), 'utf8');
      expect({ file, inAMigration: migrations.some((migration) => migration.includes(text)) }).toEqual({
        file,
        inAMigration: true,
      });
    }
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
