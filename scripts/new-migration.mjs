#!/usr/bin/env node
// Makes a new migration by diffing the committed schema (HEAD) against the edited one.
// `prisma migrate dev` cannot be used with the WASM schema engine (prisma/orm#27403).
// Usage: npm run db:new-migration -- <name>
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:new-migration -- <name in snake_case>');
  process.exit(2);
}
const schema = 'prisma/schema.prisma';
let committed = null;
try {
  committed = execFileSync('git', ['show', `HEAD:${schema}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
} catch {
  committed = null; // no commit yet: diff from empty
}
const hasMigrations = (() => {
  try {
    return readdirSync('prisma/migrations').some((d) => /^\d{14}_/.test(d));
  } catch {
    return false;
  }
})();
const from = [];
if (committed && hasMigrations) {
  const dir = mkdtempSync(join(tmpdir(), 'consilium-schema-'));
  const old = join(dir, 'schema.prisma');
  writeFileSync(old, committed);
  from.push('--from-schema-datamodel', old);
} else {
  from.push('--from-empty');
}
const sql = execFileSync('npx', ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (/^-- This is an empty migration\.\s*$/m.test(sql) || sql.trim() === '') {
  console.error('No schema changes since HEAD: nothing to migrate.');
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const target = join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(target, { recursive: true });
writeFileSync(join(target, 'migration.sql'), sql);
console.log(`wrote ${join(target, 'migration.sql')}`);
