import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import type { FastifyInstance } from 'fastify';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { loadConfig, type AppConfig } from '@consilium/config';
import type { Measured } from './pair';

/** Minimal typing of the autocannon API we use (the package ships no types). */
export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; average: number; p97_5: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface LoadOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Requests per second over all connections (a constant load). */
  overallRate?: number;
  requests?: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
  }[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

export const ROOT = join(__dirname, '..', '..', '..');
export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function load(options: LoadOptions): Promise<LoadResult> {
  return autocannon(options);
}

/**
 * One side of an HTTP pair for comparePair (bench/support/pair.ts): autocannon on `url` for
 * `durationSeconds`, measured as requests/s with its p99. Non-2xx answers make the figure
 * meaningless, so they are said on a line of their own.
 */
export function throughputOf(
  url: string,
  connections: number,
  durationSeconds: number,
  headers?: Record<string, string>,
): () => Promise<Measured> {
  return async () => {
    const result = await load({ url, connections, duration: durationSeconds, ...(headers ? { headers } : {}) });
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result.requests.total === 0) {
      console.log(
        `  warning: ${new URL(url).pathname} had ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts (autocannon gives up after 10 s), ${result.requests.total} answers`,
      );
    }
    return { value: result.requests.average, p99: result.latency.p99 };
  };
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A Prisma client for a bench's own set-up and checks, on a pool of its own that `end` closes.
 * The pool ignores the errors of idle clients the final DROP DATABASE ... WITH (FORCE) ends.
 */
export function benchPrisma(url: string): { prisma: PrismaClient; end: () => Promise<void> } {
  const pool = new Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    end: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** A fresh migrated database for one benchmark run; drop it at the end. */
export async function createBenchDatabase(
  label: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `consilium_bench_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  execFileSync(join(ROOT, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl(name) },
    stdio: 'ignore',
  });
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const client = new Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (value: number, digits = 2): string => value.toFixed(digits);

/**
 * The config of a bench's API or worker: test mode, quiet logs, and a temporary checkpoint
 * directory of its own, never the checkout's AUDIT_CHECKPOINT_DIR (a bench run beside a demo
 * must not append to the demo's checkpoints, issue 21).
 */
export function benchConfig(vars: Record<string, string>): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUDIT_CHECKPOINT_DIR: mkdtempSync(join(tmpdir(), 'consilium-bench-checkpoints-')),
    ...vars,
  });
}

/**
 * The bare baseline of the agenda view (GET /meetings/:id/agenda): the same rows straight from
 * pg, no auth, no audit, no mapping. Shared by the API and the data-scale benches.
 */
export function bareAgendaRoute(baseline: FastifyInstance, pool: Pool): void {
  baseline.get<{ Params: { id: string } }>('/meetings/:id/agenda', async (request) => {
    const items = await pool.query(
      `SELECT a.*, c.*, p.mrn, p.given_name, p.family_name, p.birth_date FROM agenda_items a
       JOIN cases c ON c.id = a.case_id JOIN patients p ON p.id = c.patient_id WHERE a.meeting_id = $1 ORDER BY a.position`,
      [request.params.id],
    );
    const caseIds = items.rows.map((row: { case_id: string }) => row.case_id);
    const drafts = await pool.query(
      `SELECT DISTINCT ON (case_id) * FROM recommendations WHERE case_id = ANY($1::uuid[]) AND status <> 'SUPERSEDED' ORDER BY case_id, draft_version DESC`,
      [caseIds],
    );
    return { items: items.rows, drafts: drafts.rows };
  });
}

/** Runs a bench's main: exit 0 when it finished, 1 (with the error) when it threw. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
