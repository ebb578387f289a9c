// Prisma CLI configuration. The schema engine runs as WASM (engine: 'js') because the native
// engine binaries cannot be downloaded on our machines (see ENVIRONMENT.md). The CLI still checks
// that the binaries exist before it notices the adapter, so point those variables at this file.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= __filename;

import 'dotenv/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/consilium';
const connectionString = process.env.DATABASE_URL;

// The WASM schema engine reads catalog columns of PostgreSQL's `name` (oid 19) and `"char"`
// (oid 18) types, which @prisma/adapter-pg 6.19 refuses to map (prisma/orm#27403). Both arrive
// from pg as plain strings, so presenting them as `text` (oid 25) is exact.
const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18, 19]);
type Queryable = { query: (...args: never[]) => Promise<unknown> };
function retypeCatalogColumns<T extends Queryable>(target: T): T {
  const original = target.query.bind(target) as (...args: unknown[]) => Promise<unknown>;
  (target as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    const result = (await original(...args)) as { fields?: { dataTypeID: number }[] } | undefined;
    for (const field of result?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  return target;
}
class MigrationPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    retypeCatalogColumns(this as unknown as Queryable);
    this.on('connect', (client) => retypeCatalogColumns(client as unknown as Queryable));
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'node dist/prisma/seed.js' },
  adapter: async () => new PrismaPg(new MigrationPool({ connectionString }), { disposeExternalPool: true }),
});
