import type { Client } from 'pg';
import type { Role } from '@prisma/client';
import { DEMO_BOARD_NAME } from '../../prisma/seed';
import type { RunningApi } from '../support/api';
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
import { apiClient, demoUser, ifMatch } from '../support/stack';
import { routeCatalog } from '../../apps/api/src/common/openapi/route-catalog';

interface Problem {
  status: number;
  errors?: Array<{ field: string; message: string }>;
}

/** One class of hostile input each (issue 12), on the routes where it was seen answering 500. */
describe('hostile input is refused at the edge', () => {
  let demo: DemoApi;
  let api: RunningApi;
  let pg: Client;
  let tokens: Record<Role, string>;
  let meetingId: string;
  let itemId: string;
  let caseId: string;
  let userId: string;

  beforeAll(async () => {
    demo = await startDemoApi('hostile');
    ({ api, pg, tokens } = demo);
    const { prisma } = demo;
    const board = await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } });
    const meeting = await prisma.meeting.findFirstOrThrow({
      where: { boardId: board.id },
      include: { agendaItems: true },
    });
    meetingId = meeting.id;
    itemId = meeting.agendaItems[0]!.id;
    caseId = (await prisma.case.findFirstOrThrow({ where: { boardId: board.id } })).id;
    userId = (await prisma.user.findUniqueOrThrow({ where: { email: 'surgeon@consilium.demo' } })).id;
  });

  afterAll(() => demo?.close());

  function send(
    method: string,
    path: string,
    options: { role?: Role; body?: string; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<RawResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.role) headers.authorization = `Bearer ${tokens[options.role]}`;
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    return sendRaw(api.url, method, path, { headers, body: options.body });
  }

  /** Sends, and expects a 4xx problem+json without internals, of the given status, naming the field, that wrote nothing. */
  async function expectRefusal(
    method: string,
    path: string,
    options: Parameters<typeof send>[2],
    status: number,
    field?: string,
  ): Promise<void> {
    const before = await databaseFingerprint(pg);
    const response = await send(method, path, options);
    expect(refusalDefects(response)).toEqual([]);
    expect(await databaseFingerprint(pg)).toBe(before);
    const problem = JSON.parse(response.text) as Problem;
    expect(problem.status).toBe(status);
    expect(response.status).toBe(status);
    if (field) expect(problem.errors?.map((error) => error.field)).toContain(field);
  }

  it('refuses JSON nested thousands of levels deep, at the top or inside a field, on anonymous and authenticated routes', async () => {
    await expectRefusal('POST', '/auth/login', { body: deepJson(5_000) }, 400);
    await expectRefusal('POST', '/auth/login', { body: `{"email":"a@b.example","password":${deepJson(5_000)}}` }, 400);
    await expectRefusal(
      'PATCH',
      `/meetings/${meetingId}`,
      { role: 'COORDINATOR', headers: { 'if-match': '"m1"' }, body: `{"title":${deepJson(3_000)}}` },
      400,
    );
  });

  it('refuses a NUL character in any string of a body or a query, naming the field', async () => {
    await expectRefusal(
      'POST',
      '/boards',
      { role: 'ADMIN', body: JSON.stringify({ name: 'Bad\u0000Board', requiredSpecialties: [] }) },
      400,
      'name',
    );
    await expectRefusal('GET', '/audit/events?caseId=a%00b', { role: 'AUDITOR' }, 400, 'caseId');
    await expectRefusal(
      'PATCH',
      `/cases/${caseId}`,
      {
        role: 'COORDINATOR',
        headers: { 'if-match': '"v1"' },
        body: JSON.stringify({ core: { primary: { siteCode: 'C20\u0000' } } }),
      },
      400,
      'core.primary.siteCode',
    );
  });

  it('refuses a lone UTF-16 surrogate in any string, the login e-mail included', async () => {
    await expectRefusal(
      'POST',
      '/auth/login',
      {
        body: JSON.stringify({ email: 'coordinator\ud800@consilium.demo', password: demoUser('coordinator').password }),
      },
      400,
      'email',
    );
    await expectRefusal(
      'POST',
      `/cases/${caseId}/status`,
      { role: 'COORDINATOR', body: JSON.stringify({ status: 'REFERRED', reason: 'x\udfff' }) },
      400,
      'reason',
    );
  });

  it('refuses null for an optional field that is not nullable, and still takes null where it is', async () => {
    await expectRefusal(
      'PATCH',
      `/users/${userId}`,
      { role: 'ADMIN', body: JSON.stringify({ displayName: null }) },
      400,
      'displayName',
    );
    await expectRefusal(
      'PATCH',
      `/meetings/${meetingId}`,
      { role: 'COORDINATOR', headers: { 'if-match': '"m1"' }, body: JSON.stringify({ title: null }) },
      400,
      'title',
    );
    await expectRefusal(
      'PATCH',
      `/meetings/${meetingId}/agenda/${itemId}`,
      { role: 'COORDINATOR', body: JSON.stringify({ minutesAllotted: null }) },
      400,
      'minutesAllotted',
    );
    await expectRefusal(
      'POST',
      '/boards',
      { role: 'ADMIN', body: JSON.stringify({ name: 'Null MDT', requiredSpecialties: [], description: null }) },
      400,
      'description',
    );
    await expectRefusal(
      'POST',
      `/cases/${caseId}/status`,
      { role: 'COORDINATOR', body: JSON.stringify({ status: 'REFERRED', reason: null }) },
      400,
      'reason',
    );
    const coordinator = apiClient(api.url, tokens.COORDINATOR);
    const meeting = await coordinator.get('/meetings/{id}', { params: { path: { id: meetingId } } });
    const etag = meeting.headers.get('etag');
    if (meeting.status !== 200 || !etag)
      throw new Error(`GET /meetings/${meetingId} answered ${meeting.status}, no ETag`);
    const cleared = await coordinator.patch('/meetings/{id}', {
      params: ifMatch(meetingId, etag),
      body: { location: null },
    });
    expect([cleared.status, cleared.body.location]).toEqual([200, null]);
  });

  it('refuses integers beyond the column and cursors beyond int64', async () => {
    const event = { kind: 'SYSTEMIC_THERAPY', status: 'PLANNED', startDate: '2026-12-01', regimens: ['FOLFOX'] };
    await expectRefusal(
      'POST',
      `/cases/${caseId}/treatment-events`,
      { role: 'COORDINATOR', body: JSON.stringify({ ...event, therapyLine: 2 ** 31 }) },
      400,
      'therapyLine',
    );
    await expectRefusal(
      'POST',
      `/cases/${caseId}/treatment-events`,
      { role: 'COORDINATOR', body: JSON.stringify({ ...event, therapyLine: '2147483648' }) },
      400,
      'therapyLine',
    );
    await expectRefusal('GET', '/audit/events?cursor=9223372036854775808', { role: 'AUDITOR' }, 400, 'cursor');
    expect((await send('GET', '/audit/events?cursor=9223372036854775807', { role: 'AUDITOR' })).status).toBe(200);
  });

  it('answers 404 to a malformed id or token in any path parameter, on every route, as for a missing one', async () => {
    const failures: string[] = [];
    for (const route of routeCatalog(api.app).filter((candidate) => candidate.params.length > 0)) {
      for (const malformed of ['not-a-uuid', '%00', 'a%00b']) {
        const path = route.path.replace(/:([A-Za-z]+)/g, malformed);
        const response = await send(route.method, path, {
          role: roleFor(route.roles),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: '{}' }),
        });
        if (response.status !== 404 || refusalDefects(response).length > 0)
          failures.push(`${route.method} ${path} -> ${response.status} ${response.contentType}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers framework errors as problem+json: bad percent-encoding, over-long parameter, oversized headers, odd content types', async () => {
    await expectRefusal('GET', '/meetings/%zz', { role: 'COORDINATOR' }, 400);
    await expectRefusal('GET', `/cases/${'x'.repeat(600)}`, { role: 'COORDINATOR' }, 414);
    await expectRefusal('GET', '/auth/me', { role: 'COORDINATOR', headers: { 'x-filler': 'a'.repeat(20_000) } }, 431);
    for (const contentType of [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
    ]) {
      await expectRefusal(
        'POST',
        '/boards',
        { role: 'ADMIN', contentType, body: JSON.stringify({ name: 'Odd MDT', requiredSpecialties: [] }) },
        415,
      );
    }
  });

  it('refuses a body of null (or not an object) where an object is required, instead of a no-op', async () => {
    for (const body of ['null', '[]', '"text"', '7']) {
      await expectRefusal(
        'PATCH',
        `/meetings/${meetingId}`,
        { role: 'COORDINATOR', headers: { 'if-match': '"m1"' }, body },
        400,
        'body',
      );
      await expectRefusal('POST', '/auth/login', { body }, 400);
    }
  });

  it('stays healthy after all of it', async () => {
    expect((await send('GET', '/health/ready')).status).toBe(200);
  });
});
