import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase, withAdminClient } from './postgres';
import { ROOT, TEMPLATE_ENV } from './constants';

/** Names the template after the migrations it holds, so runs with other migrations never share it. */
function templateName(): string {
  const hash = createHash('sha256');
  const dir = join(ROOT, 'prisma', 'migrations');
  for (const entry of readdirSync(dir).sort()) {
    if (!/^\d{14}_/.test(entry)) continue;
    hash.update(entry).update(readFileSync(join(dir, entry, 'migration.sql')));
  }
  return `consilium_tpl_${hash.digest('hex').slice(0, 16)}`;
}

/**
 * Once per jest run: make sure a template database migrated with the committed migrations
 * exists, so every test file can clone one in milliseconds. Built under a temporary name and
 * renamed when complete, so concurrent runs (other checkouts on this machine) never clone a
 * half-migrated template.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const name = templateName();
  process.env[TEMPLATE_ENV] = name;
  const exists = await withAdminClient(
    async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
  );
  if (exists) return;
  const building = `${name}_b${randomBytes(3).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${building}"`));
  await migrateDatabase(building);
  await withAdminClient(async (client) => {
    try {
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } catch {
      // Another run finished the same template first: use theirs.
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    }
  });
}
