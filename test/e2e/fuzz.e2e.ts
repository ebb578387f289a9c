import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Client } from 'pg';
import type { Role } from '@prisma/client';
import { DEMO_BOARD_NAME } from '../../prisma/seed';
import type { RunningApi } from '../support/api';
import { call } from '../support/auth';
import {
  databaseFingerprint,
  deepJson,
  refusalDefects,
  roleFor,
  sendRaw,
  startDemoApi,
  type DemoApi,
  type RawResponse,
} from '../support/hostile';
import { apiClient } from '../support/stack';
import { routeCatalog } from '../../apps/api/src/common/openapi/route-catalog';

/**
 * Walks the OpenAPI document as an outside client would and sends every operation generated
 * invalid input (hostile bodies, query values, path ids, URLs, content types, headers). Every
 * answer must be a 4xx problem+json without internals, the refused request must write nothing,
 * and the server must stay healthy. FUZZ_RUNS (default 2,000) sets the number of requests; the
 * seed is printed (FUZZ_SEED replays a run).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);

interface Schema {
  type?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  format?: string;
  minLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
}
interface Operation {
  readonly method: string;
  /** OpenAPI form: /cases/{id} */
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly query: ReadonlyArray<{ name: string; schema: Schema }>;
  readonly body: Schema | undefined;
  readonly headers: ReadonlyArray<string>;
  readonly roles: readonly Role[];
  readonly stream: boolean;
}
/** The parts of the OpenAPI document (GET /docs-json) the fuzzer walks. */
interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; schema: Schema }>;
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

/** Whether /docs-json answered an OpenAPI document: its paths and its component schemas are objects. */
function isOpenApiDocument(body: unknown): body is OpenApiDocument {
  const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
  return (
    isObject(body) &&
    'paths' in body &&
    isObject(body.paths) &&
    'components' in body &&
    isObject(body.components) &&
    'schemas' in body.components &&
    isObject(body.components.schemas)
  );
}

/** Strings no column can hold or no client should send: NUL, lone surrogates, control bytes. */
const hostileString = fc.oneof(
  fc.constantFrom('a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\ud83d', 'ok\u0000'),
  fc
    .tuple(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('\u0000', '\ud800', '\udc00'),
      fc.string({ maxLength: 12 }),
    )
    .map(([a, bad, b]) => `${a}${bad}${b}`),
);
const hostileNumber = fc.constantFrom(2 ** 31, 2 ** 31 + 7, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, 0.5, -1);

/** A value for one field that its schema or the edge policy refuses (null only where not nullable). */
function hostileValue(schema: Schema): fc.Arbitrary<unknown> {
  const candidates: fc.Arbitrary<unknown>[] = [hostileString, fc.constant({ nested: { deeper: ['\u0000'] } })];
  if (!schema.nullable) candidates.push(fc.constant(null));
  if (schema.type === 'number' || schema.type === 'integer') candidates.push(hostileNumber, fc.constant('12'));
  else
    candidates.push(
      hostileNumber.filter((value) => Number.isInteger(value)),
      schema.type === 'boolean' ? fc.constant('true') : fc.boolean(),
    );
  if (schema.type === 'array') candidates.push(fc.array(hostileString, { minLength: 1, maxLength: 3 }));
  return fc.oneof(...candidates);
}

/** A plausible value for a field, so that one hostile field is what the request is judged on. */
function plausible(schema: Schema, components: Record<string, Schema>): unknown {
  const resolved = resolve(schema, components);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.enum) return resolved.enum[0];
  switch (resolved.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(
        Object.entries(resolved.properties ?? {})
          .filter(([name]) => resolved.required?.includes(name))
          .map(([name, property]) => [name, plausible(property, components)]),
      );
    default:
      return 'x'.repeat(Math.max(resolved.minLength ?? 0, 3));
  }
}

function resolve(schema: Schema, components: Record<string, Schema>): Schema {
  if (schema.$ref) return resolve(components[schema.$ref.split('/').pop()!]!, components);
  if (schema.allOf?.length === 1) return resolve(schema.allOf[0]!, components);
  return schema;
}

type Mutation =
  | { kind: 'body'; raw: string; contentType: string }
  | { kind: 'query'; name: string; raw: string }
  | { kind: 'path'; param: string; raw: string }
  | { kind: 'url'; suffix: string }
  | { kind: 'header'; name: string; bytes: number };

/** The invalid inputs that fit an operation: only parts it declares, so each must be refused. */
function mutationsOf(operation: Operation, components: Record<string, Schema>): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom('%', '%zz', '%E0%A4%A', '/%c0%ae%c0%ae').map((suffix): Mutation => ({ kind: 'url', suffix })),
    fc.constant<Mutation>({ kind: 'header', name: 'x-filler', bytes: 20_000 }),
  ];
  if (operation.body) {
    const body = resolve(operation.body, components);
    const base = plausible(body, components) as Record<string, unknown>;
    const fields = Object.entries(body.properties ?? {});
    const json = (value: unknown): Mutation => ({
      kind: 'body',
      raw: JSON.stringify(value),
      contentType: 'application/json',
    });
    options.push(
      fc
        .constantFrom('null', '[]', '"text"', '42', 'true', deepJson(5_000), `{"x":${deepJson(5_000)}}`)
        .map((raw): Mutation => ({ kind: 'body', raw, contentType: 'application/json' })),
      fc
        .constantFrom(
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
          'image/png',
        )
        .map((contentType): Mutation => ({ kind: 'body', raw: JSON.stringify(base), contentType })),
      fc
        .tuple(fc.constantFrom('unknownField', '__proto__x', 'constructor'), hostileString)
        .map(([name, value]) => json({ ...base, [name]: value })),
    );
    if (fields.length > 0) {
      options.push(
        fc
          .constantFrom(...fields)
          .chain(([name, schema]) =>
            hostileValue(resolve(schema, components)).map((value) => json({ ...base, [name]: value })),
          ),
        fc.constantFrom(...fields).map(
          ([name]) =>
            ({
              kind: 'body',
              raw: `${JSON.stringify({ ...base, [name]: 0 }).replace(/0}$/, '')}${deepJson(5_000)}}`,
              contentType: 'application/json',
            }) as Mutation,
        ),
      );
    }
  }
  for (const { name, schema } of operation.query) {
    const numeric = schema.type === 'number' || schema.type === 'integer';
    options.push(
      fc
        .constantFrom(
          '%00',
          'a%00b',
          `x&${name}=y`,
          ...(numeric ? ['0.5', '1e400', 'abc', '-1', '99999999999999999999999'] : []),
          ...(schema.enum || schema.type === 'boolean' ? ['maybe'] : []),
          ...(name === 'cursor' ? ['9223372036854775808', '99999999999999999999', '-1'] : []),
        )
        .map((raw): Mutation => ({ kind: 'query', name, raw })),
    );
  }
  for (const param of operation.pathParams) {
    options.push(
      fc
        .constantFrom(
          'not-a-uuid',
          '%00',
          'a%00',
          '%zz',
          '%ED%A0%80',
          '1',
          '-1',
          '9'.repeat(40),
          'x'.repeat(600),
          `${randomUUID()}x`,
          '%2e%2e',
          '%27%3B%20DROP%20TABLE%20x%3B--',
        )
        .map((raw): Mutation => ({ kind: 'path', param, raw })),
    );
  }
  return fc.oneof(...options);
}

describe('fuzz: invalid input on every operation of the OpenAPI document', () => {
  let demo: DemoApi;
  let pg: Client;
  let api: RunningApi;
  let operations: Operation[];
  let components: Record<string, Schema>;
  let tokens: Record<Role, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    demo = await startDemoApi('fuzz');
    ({ api, pg, tokens } = demo);
    const { prisma } = demo;
    // Real ids, so that some runs get past the board scoping to the body validation.
    const board = await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } });
    const demoCase = await prisma.case.findFirstOrThrow({ where: { boardId: board.id, status: 'READY' } });
    const meeting = await prisma.meeting.findFirstOrThrow({
      where: { boardId: board.id },
      include: { agendaItems: true },
    });
    const coordinator = tokens.COORDINATOR;
    const draft = await apiClient(api.url, coordinator).post('/cases/{id}/drafts', {
      params: { path: { id: demoCase.id } },
    });
    expect(draft.status).toBe(201);
    const oncologist = await prisma.user.findUniqueOrThrow({ where: { email: 'oncologist@consilium.demo' } });
    Object.assign(ids, {
      '/boards': board.id,
      '/cases': demoCase.id,
      '/patients': demoCase.patientId,
      '/meetings': meeting.id,
      '/recommendations': draft.body.id,
      '/users': oncologist.id,
      itemId: meeting.agendaItems[0]!.id,
      userId: oncologist.id,
      '/audit/events': (await prisma.auditEvent.findFirstOrThrow()).id,
    });

    const served = await call(api.url, 'GET', '/docs-json');
    expect(served.status).toBe(200);
    if (!isOpenApiDocument(served.body)) throw new Error('GET /docs-json answered no OpenAPI document');
    const document = served.body;
    components = document.components.schemas;
    const catalog = routeCatalog(api.app);
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const route = catalog.find(
          (candidate) =>
            candidate.method === method.toUpperCase() && candidate.path === path.replace(/\{(\w+)\}/g, ':$1'),
        );
        const parameters = operation.parameters ?? [];
        return {
          method: method.toUpperCase(),
          path,
          pathParams: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
          query: parameters
            .filter((parameter) => parameter.in === 'query')
            .map(({ name, schema }) => ({ name, schema })),
          headers: parameters
            .filter((parameter) => parameter.in === 'header')
            .map((parameter) => parameter.name.toLowerCase()),
          body: operation.requestBody?.content['application/json']?.schema,
          roles: route?.roles ?? [],
          stream: route?.stream ?? false,
        };
      }),
    );
  });

  afterAll(() => demo?.close());

  /** The request a mutation describes: real ids in the other path parameters, a role allowed to call it. */
  function requestOf(
    operation: Operation,
    mutation: Mutation,
  ): { path: string; headers: Record<string, string>; body?: string } {
    let path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      if (mutation.kind === 'path' && mutation.param === name) return mutation.raw;
      // A stream with a real id stays open: only its path is fuzzed.
      return (
        (name === 'id'
          ? ids[Object.keys(ids).find((prefix) => operation.path.startsWith(`${prefix}/`)) ?? '']
          : ids[name]) ?? randomUUID()
      );
    });
    if (mutation.kind === 'url') path += mutation.suffix;
    if (mutation.kind === 'query') path += `?${mutation.name}=${mutation.raw}`;
    const headers: Record<string, string> = { authorization: `Bearer ${tokens[roleFor(operation.roles)]}` };
    if (operation.headers.includes('idempotency-key')) headers['idempotency-key'] = randomUUID();
    if (operation.headers.includes('if-match'))
      headers['if-match'] = operation.path.startsWith('/meetings') ? '"m1"' : '"v1"';
    if (mutation.kind === 'header') headers[mutation.name] = 'a'.repeat(mutation.bytes);
    if (mutation.kind !== 'body') return { path, headers };
    return { path, headers: { ...headers, 'content-type': mutation.contentType }, body: mutation.raw };
  }

  it(`refuses every generated invalid request with a 4xx problem+json and writes nothing (FUZZ_RUNS=${RUNS})`, async () => {
    expect(operations.length).toBeGreaterThan(50);
    console.log(
      `fuzz: seed ${SEED}, ${RUNS} runs over ${operations.length} operations (replay with FUZZ_SEED=${SEED})`,
    );
    const arbitrary = fc
      .constantFrom(...operations)
      .chain((operation) => mutationsOf(operation, components).map((mutation) => ({ operation, mutation })));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ operation, mutation }) => {
        const sent = requestOf(operation, mutation);
        const before = await databaseFingerprint(pg);
        const response: RawResponse = await sendRaw(api.url, operation.method, sent.path, {
          headers: sent.headers,
          body: sent.body,
        });
        const defects = refusalDefects(response);
        if ((await databaseFingerprint(pg)) !== before) defects.push('the database changed');
        if (defects.length > 0) {
          throw new Error(
            `${operation.method} ${sent.path.slice(0, 200)} ${mutation.kind} ${(sent.body ?? (mutation.kind === 'header' ? mutation.name : '')).slice(0, 200)} -> ${defects.join(', ')}: ${response.text.slice(0, 300)}`,
          );
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect((await call(api.url, 'GET', '/health/ready')).status).toBe(200);
    expect((await call(api.url, 'GET', '/auth/me', { token: tokens.COORDINATOR })).status).toBe(200);
  });
});
