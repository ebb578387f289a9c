#!/usr/bin/env node
// Creates the database named in DATABASE_URL when it is missing: `prisma migrate deploy` through
// the WASM schema engine cannot do it (ENVIRONMENT.md). Safe to run again.
import 'dotenv/config';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/consilium';

export async function ensureDatabase(databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`unsupported database name in DATABASE_URL: ${name}`);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`);
      return { name, created: true };
    }
    return { name, created: false };
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureDatabase()
    .then(({ name, created }) => console.log(created ? `created database ${name}` : `database ${name} exists`))
    .catch((error) => {
      console.error(`cannot create the database: ${error.message}`);
      process.exit(1);
    });
}
