import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import createClient from 'openapi-fetch';
import type { ExtractResource, ResourceType } from '@medplum/fhirtypes';
import type { InclusionProof, JsonValue } from '@consilium/audit';
import type { AppConfig } from '@consilium/config';
import type { components, paths } from '../../apps/web/src/api-schema';
import { startWorker } from '../../bench/support/worker';
import { DEMO_BOARD_NAME, DEMO_USERS, seedDemo, type SeedSummary } from '../../prisma/seed';
import { startApi, type RunningApi } from './api';
import { call, login, type Session } from './auth';
import { testConfig } from './config';
import { createTestDatabase, type TestDatabase } from './postgres';

// The in-process worker: one builder for tests and benches (bench/support/worker.ts).
export { startWorker };

export type Problem = components['schemas']['ProblemSchema'];
export type Schemas = components['schemas'];

/**
 * One answer of the API: `body` is the JSON it answered, typed as the operation's success (2xx)
 * response; on a refusal (4xx/5xx) the same JSON is in `problem`, typed as the RFC 9457 problem.
 */
export interface Answer<Body> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
  readonly problem: Problem | undefined;
}

type SuccessOf<Result> = Result extends { data: infer Data; error?: never } ? Data : never;
type AnswerOf<Result> = Answer<SuccessOf<Result>>;

/** The openapi-fetch result turned into an Answer (status, headers, body, problem). */
async function answer<Result extends { data?: unknown; error?: unknown; response: Response }>(
  pending: Promise<Result>,
): Promise<AnswerOf<Result>> {
  const { data, error, response } = await pending;
  const failed = response.status >= 400;
  return {
    status: response.status,
    headers: response.headers,
    body: (failed ? error : data) as SuccessOf<Result>,
    problem: failed ? (error as Problem) : undefined,
  };
}

/** A method of openapi-fetch's client with its typing kept, answering an Answer. */
function typed<Args extends unknown[], Result extends { data?: unknown; error?: unknown; response: Response }>(
  method: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<AnswerOf<Result>> {
  return (...args) => answer(method(...args));
}

/** What a raw call answers: whatever came back, untyped (JSON parsed when it is JSON), and the problem on a refusal. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly problem: Problem | undefined;
}

async function rawCall(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> },
): Promise<RawAnswer> {
  const answered = await call(baseUrl, method, path, options);
  return { ...answered, problem: answered.status >= 400 && isProblem(answered.body) ? answered.body : undefined };
}

/** Whether a refusal's body has the RFC 9457 shape (a numeric status and a title), rather than trusting it does. */
export function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    'status' in body &&
    typeof body.status === 'number' &&
    'title' in body &&
    typeof body.title === 'string'
  );
}

/**
 * A client of the API typed by its OpenAPI document (openapi-typescript's `paths`, as the web
 * app uses): `get('/cases/{id}', { params: { path: { id } } })`, `post('/patients', { body })`,
 * extra headers in `headers`, a non-JSON answer with `parseAs: 'text'`. `raw` sends anything
 * (hostile input, bodies the document forbids) and types nothing.
 */
export function apiClient(baseUrl: string, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const client = createClient<paths, `application/${string}json`>({ baseUrl, headers });
  return {
    get: typed(client.GET),
    post: typed(client.POST),
    put: typed(client.PUT),
    patch: typed(client.PATCH),
    delete: typed(client.DELETE),
    raw: (
      method: string,
      path: string,
      options: { body?: unknown; headers?: Record<string, string> } = {},
    ): Promise<RawAnswer> => rawCall(baseUrl, method, path, { ...options, token }),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The path parameter `id` and the If-Match the documented edits require: `{ params: ifMatch(id, etag) }`. */
export const ifMatch = (id: string, etag: string) => ({ path: { id }, header: { 'If-Match': etag } });

/** The ETag GET /recommendations/{id} answers now (throws if it answers none). */
export async function recommendationEtag(client: ApiClient, id: string): Promise<string> {
  const found = await client.get('/recommendations/{id}', { params: { path: { id } } });
  const etag = found.headers.get('etag');
  if (found.status !== 200 || !etag)
    throw new Error(`GET /recommendations/${id} answered ${found.status} without an ETag`);
  return etag;
}

/** A client signed in as one demo user. */
export type UserClient = ApiClient & {
  readonly email: string;
  readonly userId: string;
  readonly session: Session;
  /** The access token, for helpers that take one. */
  readonly token: string;
};

/** The demo user (prisma/seed.ts DEMO_USERS) by e-mail or by the part before the @ (`'coordinator'`). */
export function demoUser(who: string): (typeof DEMO_USERS)[number] {
  const email = who.includes('@') ? who : `${who}@consilium.demo`;
  const found = DEMO_USERS.find((demo) => demo.email === email);
  if (!found) throw new Error(`${who} is not a demo user (prisma/seed.ts DEMO_USERS)`);
  return found;
}

/** Signs in as a demo user over HTTP (POST /auth/login with the seed's password). */
export async function signIn(baseUrl: string, who: string, prisma: PrismaClient): Promise<UserClient> {
  const { email, password } = demoUser(who);
  const session = await login(baseUrl, email, password);
  const { id } = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return { ...apiClient(baseUrl, session.accessToken), email, userId: id, session, token: session.accessToken };
}

export interface StackOptions {
  /** Variables over testConfig's (DATABASE_URL is the stack's own database). */
  readonly env?: Record<string, string | undefined>;
  /** Seed the demo data (default true); `now` is the seed's clock. */
  readonly seed?: boolean;
  readonly now?: Date;
  /** Also start the in-process worker on the same config (default false). */
  readonly worker?: boolean;
}

export interface Stack {
  readonly database: TestDatabase;
  readonly prisma: PrismaClient;
  readonly config: AppConfig;
  readonly api: RunningApi;
  /** Base URL of the API. */
  readonly url: string;
  /** What seedDemo answered (undefined with `seed: false`). */
  readonly seeded: SeedSummary | undefined;
  /** The in-process worker, with `worker: true`. */
  readonly worker: INestApplicationContext | undefined;
  /** The demo colorectal board's id (throws with `seed: false`). */
  readonly boardId: string;
  /** A client signed in as that demo user (`'coordinator'` or an e-mail); one session per user, reused. */
  as(who: string): Promise<UserClient>;
  /** A client with no token. */
  readonly anonymous: ApiClient;
  /** Each demo user's id by the part of the e-mail before the @. */
  userIds(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * What most test files need: a database of their own (cloned from the migrated template), a
 * Prisma client on it, the demo data, the real API listening on loopback (every answer checked
 * against the OpenAPI document), optionally the worker; `as('coordinator')` signs in.
 */
export async function startStack(name: string, options: StackOptions = {}): Promise<Stack> {
  const database = await createTestDatabase(name);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  let api: RunningApi | undefined;
  let worker: INestApplicationContext | undefined;
  const close = async (): Promise<void> => {
    await api?.close();
    await worker?.close();
    await prisma.$disconnect();
    await database.drop();
  };
  try {
    const seeded = options.seed === false ? undefined : await seedDemo(prisma, options.now);
    const demoBoard = seeded ? await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } }) : null;
    const config = testConfig({ DATABASE_URL: database.url, ...options.env });
    if (options.worker) worker = await startWorker(config);
    api = await startApi(config);
    const url = api.url;
    const sessions = new Map<string, Promise<UserClient>>();
    return {
      database,
      prisma,
      config,
      api,
      url,
      seeded,
      worker,
      get boardId(): string {
        if (!demoBoard) throw new Error('startStack(..., { seed: false }) has no demo board');
        return demoBoard.id;
      },
      anonymous: apiClient(url),
      as: (who) => {
        const email = demoUser(who).email;
        let session = sessions.get(email);
        if (!session) {
          session = signIn(url, email, prisma);
          sessions.set(email, session);
        }
        return session;
      },
      userIds: async () =>
        Object.fromEntries((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user.id])),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

// ---- Issue 19, second round: FHIR answers, bodies of other media types, users a test makes itself.

/** The body of an answer that must have this status (200 unless told); throws naming what came instead. */
export async function expectStatus<Body>(pending: Promise<Answer<Body>>, expected = 200): Promise<Body> {
  const answer = await pending;
  if (answer.status !== expected)
    throw new Error(`answered ${answer.status}, expected ${expected}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * A named guard for what the OpenAPI document types only as an object: the FHIR routes answer
 * application/fhir+json (a Bundle, an OperationOutcome, a CapabilityStatement). True when
 * `value` is a JSON object whose resourceType is `resourceType`; its structure is fhirErrors' job.
 */
export function isFhirResource<Type extends ResourceType>(
  resourceType: Type,
  value: unknown,
): value is ExtractResource<Type> {
  return typeof value === 'object' && value !== null && 'resourceType' in value && value.resourceType === resourceType;
}

/** `value` as the FHIR resource named (isFhirResource); throws naming what came instead. */
export function fhirResource<Type extends ResourceType>(resourceType: Type, value: unknown): ExtractResource<Type> {
  if (!isFhirResource(resourceType, value))
    throw new Error(`expected a FHIR ${resourceType}, got ${JSON.stringify(value)?.slice(0, 300)}`);
  return value;
}

/**
 * What raw() does (any JSON value, untyped answer) with another media type than
 * application/json, which raw() always sends: FHIR's application/fhir+json.
 */
export async function rawSend(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; contentType: string },
): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'content-type': options.contentType };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: JSON.stringify(options.body) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return {
    status: response.status,
    headers: response.headers,
    body,
    problem: response.status >= 400 && isProblem(body) ? body : undefined,
  };
}

/** Signs in over HTTP as a user the test made itself (not a demo user), with its password. */
export async function signInWith(
  baseUrl: string,
  email: string,
  password: string,
  prisma: PrismaClient,
): Promise<UserClient> {
  const session = await login(baseUrl, email, password);
  const { id } = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return { ...apiClient(baseUrl, session.accessToken), email, userId: id, session, token: session.accessToken };
}

/** A named guard: `value` is JSON (what JSON.parse answers), as the audit trail's changes and detail hold. */
export function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return true;
  if (Array.isArray(value)) return value.every(isJsonValue);
  return typeof value === 'object' && Object.values(value).every(isJsonValue);
}

/**
 * The body of GET /audit/events/{id}/proof as the audit library's InclusionProof (for
 * checkInclusionProof): the document types the event's changes and detail only as objects.
 */
export function inclusionProof(body: Schemas['InclusionProofDto']): InclusionProof {
  const { changes, detail } = body.event;
  if (!isJsonValue(changes) || !isJsonValue(detail))
    throw new Error(`the event of the proof holds changes or detail that are not JSON`);
  return { ...body, event: { ...body.event, changes, detail } };
}

/**
 * A demo user's e-mail and password from prisma/seed.ts DEMO_USERS, to spread into a login
 * (`login(url, ...demoLogin('coordinator'))`, the browser's `signIn(page, url, ...demoLogin('surgeon'))`)
 * so no test types a password of its own.
 */
export function demoLogin(who: string): readonly [email: string, password: string] {
  const { email, password } = demoUser(who);
  return [email, password];
}

/** PUT /recommendations/{id}/proposal as this client, with the If-Match of the version it reads now. */
export async function propose(client: ApiClient, id: string, body: Schemas['ProposalDto']) {
  return client.put('/recommendations/{id}/proposal', {
    params: ifMatch(id, await recommendationEtag(client, id)),
    body,
  });
}
