import { dropDatabase, migrateDatabase, withAdminClient } from './postgres';
import { TEMPLATE_DATABASE } from './constants';

/**
 * Once per jest run: (re)build the template database from the committed migrations, so every
 * test file can clone a migrated database in milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const g = globalThis as { __consiliumTemplateReady?: boolean };
  if (g.__consiliumTemplateReady) return;
  await dropDatabase(TEMPLATE_DATABASE);
  await withAdminClient((client) => client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`));
  await migrateDatabase(TEMPLATE_DATABASE);
  g.__consiliumTemplateReady = true;
}
