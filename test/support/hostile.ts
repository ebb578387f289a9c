import { request } from 'node:http';
import { Client } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Role } from '@prisma/client';
import { DEMO_USERS, seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from './api';
import { login } from './auth';
import { testConfig } from './config';
import { createTestDatabase } from './postgres';

export interface DemoApi {
  readonly api: RunningApi;
  readonly prisma: PrismaClient;
  /** A plain connection, for fingerprints of the whole database. */
  readonly pg: Client;
  readonly tokens: Record<Role, string>;
  close(): Promise<void>;
}

/** The real API on a database of its own with the demo data, and a demo user's token per role. */
export async function startDemoApi(label: string): Promise<DemoApi> {
  const database = await createTestDatabase(label);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  await seedDemo(prisma);
  const api = await startApi(testConfig({ DATABASE_URL: database.url }));
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  const close = async (): Promise<void> => {
    await pg.end();
    await api.close();
    await prisma.$disconnect();
    await database.drop();
  };
  return { api, prisma, pg, tokens: await demoTokens(api.url), close };
}

/** An access token of a demo user per role (the clinician is the demo meeting's chair). */
export async function demoTokens(baseUrl: string): Promise<Record<Role, string>> {
  const tokens = {} as Record<Role, string>;
  for (const role of ['COORDINATOR', 'CLINICIAN', 'AUDITOR', 'ADMIN'] as const) {
    const user =
      role === 'CLINICIAN'
        ? DEMO_USERS.find((demo) => demo.email.startsWith('oncologist'))!
        : DEMO_USERS.find((demo) => demo.roles.includes(role))!;
    tokens[role] = (await login(baseUrl, user.email, user.password)).accessToken;
  }
  return tokens;
}

/** The role to call a route with: the coordinator where allowed, else the first role it admits. */
export function roleFor(routeRoles: readonly Role[]): Role {
  return routeRoles.includes('COORDINATOR') || routeRoles.length === 0 ? 'COORDINATOR' : routeRoles[0]!;
}

export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * One HTTP request exactly as given (path, headers and body bytes are not normalised, unlike
 * fetch): percent-encoding errors, odd content types and oversized headers reach the server.
 */
export function sendRaw(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...options.headers,
          ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: incoming.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString(),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** JSON nested `depth` levels deep (arrays), as text: JSON.stringify of such a value would overflow. */
export function deepJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Signs of internals leaking into an answer: stack frames, source paths, SQL, driver errors. */
export const INTERNALS =
  /\bat \S+ \(|node_modules|\.ts:\d+|prisma|\bSELECT\b|\bINSERT\b|\bUPDATE\b.+\bSET\b|invalid byte sequence|syntax error at/i;

/** What an answer must look like when it refuses: a 4xx problem+json that reveals nothing internal. */
export function refusalDefects(response: RawResponse): string[] {
  const defects: string[] = [];
  if (response.status >= 500 || response.status < 400) defects.push(`status ${response.status}`);
  if (!response.contentType.startsWith('application/problem+json'))
    defects.push(`content type "${response.contentType}"`);
  if (INTERNALS.test(response.text)) defects.push('internals in the body');
  return defects;
}

/**
 * A fingerprint of every row of every application table (count and a sum of row hashes):
 * equal before and after a request means the request wrote nothing, audit rows included.
 */
export async function databaseFingerprint(client: Client): Promise<string> {
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const sql = tables.rows
    .map(
      ({ name }) =>
        `SELECT '${name}' AS name, count(*) AS n, coalesce(sum(hashtext(t::text)::bigint), 0) AS h FROM "${name}" t`,
    )
    .join(' UNION ALL ');
  const result = await client.query<{ name: string; n: string; h: string }>(sql);
  return result.rows.map((row) => `${row.name}:${row.n}:${row.h}`).join(' ');
}
