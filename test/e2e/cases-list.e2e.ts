import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const COORDINATOR = ['coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd'] as const;

interface Summary {
  id: string;
  reference: string;
  status: string;
  patientName: string;
  mrn: string;
}

const nextOf = (headers: Headers): string | null =>
  /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1] ?? null;

describe('GET /cases: search, status filter and cursor paging', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let token: string;
  let boardId: string;

  beforeAll(async () => {
    database = await createTestDatabase('cases_list');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    boardId = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
    api = await startApi(testConfig({ DATABASE_URL: database.url }));
    token = (await login(api.url, ...COORDINATOR)).accessToken;
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('pages through every case once, newest referral first, following the Link header', async () => {
    const all = await prisma.case.findMany({ where: { boardId }, orderBy: [{ referredAt: 'desc' }, { id: 'desc' }] });
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let path: string | null = `/cases?boardId=${boardId}&limit=2`;
    let pages = 0;
    while (path) {
      const response = await call(api.url, 'GET', path, { token });
      expect(response.status).toBe(200);
      const rows = response.body as Summary[];
      expect(rows.length).toBeLessThanOrEqual(2);
      seen.push(...rows.map((row) => row.reference));
      path = nextOf(response.headers);
      pages += 1;
      expect(pages).toBeLessThan(20);
    }
    expect(seen).toEqual(all.map((row) => row.reference));
    expect(pages).toBe(Math.ceil(all.length / 2));
  });

  it('searches by reference part, family name and MRN, and filters by status', async () => {
    const target = await prisma.case.findFirstOrThrow({
      where: { boardId, status: 'REFERRED' },
      include: { patient: true },
    });
    const byReference = await call(
      api.url,
      'GET',
      `/cases?q=${encodeURIComponent(target.reference.slice(-4).toLowerCase())}`,
      { token },
    );
    expect((byReference.body as Summary[]).map((row) => row.reference)).toContain(target.reference);

    const byName = await call(
      api.url,
      'GET',
      `/cases?q=${encodeURIComponent(target.patient.familyName.toUpperCase())}`,
      { token },
    );
    expect(
      (byName.body as Summary[]).every((row) =>
        row.patientName.toLowerCase().includes(target.patient.familyName.toLowerCase()),
      ),
    ).toBe(true);
    expect((byName.body as Summary[]).map((row) => row.id)).toContain(target.id);

    const byMrn = await call(api.url, 'GET', `/cases?q=${encodeURIComponent(target.patient.mrn)}`, { token });
    expect((byMrn.body as Summary[]).map((row) => row.mrn)).toEqual([target.patient.mrn]);
    // Within a board (the search's other query shape): the same answers.
    const inBoard = await call(
      api.url,
      'GET',
      `/cases?boardId=${boardId}&q=${encodeURIComponent(target.patient.mrn.toLowerCase())}`,
      { token },
    );
    expect((inBoard.body as Summary[]).map((row) => row.mrn)).toEqual([target.patient.mrn]);
    const byReferenceInBoard = await call(
      api.url,
      'GET',
      `/cases?boardId=${boardId}&q=${encodeURIComponent(target.reference.slice(-4))}`,
      { token },
    );
    expect((byReferenceInBoard.body as Summary[]).map((row) => row.reference)).toContain(target.reference);

    const referred = await call(api.url, 'GET', `/cases?boardId=${boardId}&status=REFERRED`, { token });
    const expected = await prisma.case.count({ where: { boardId, status: 'REFERRED' } });
    expect((referred.body as Summary[]).length).toBe(expected);
    expect((referred.body as Summary[]).every((row) => row.status === 'REFERRED')).toBe(true);

    const none = await call(api.url, 'GET', '/cases?q=no-such-case-anywhere', { token });
    expect(none.body).toEqual([]);
    expect(none.headers.get('link')).toBeNull();

    // LIKE's wildcards are searched for literally: "%" and "_" match no reference, name or MRN.
    for (const wildcard of ['%', '_', '%%', '\\']) {
      const literal = await call(api.url, 'GET', `/cases?q=${encodeURIComponent(wildcard)}`, { token });
      expect({ wildcard, found: literal.body }).toEqual({ wildcard, found: [] });
    }
  });

  it('names the field of a bad query: 400, never 500', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['status=LOST', 'status'],
      ['cursor=!!', 'cursor'],
      ['cursor=bm90LWEtY3Vyc29yLWF0LWFsbA', 'cursor'],
    ] as const) {
      const response = await call(api.url, 'GET', `/cases?${query}`, { token });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(response.body)).toContain(field);
    }
  });
});
