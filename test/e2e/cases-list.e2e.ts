import type { PrismaClient } from '@prisma/client';
import { startStack, type Stack, type UserClient } from '../support/stack';

const nextOf = (headers: Headers): string | null =>
  /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1] ?? null;

describe('GET /cases: search, status filter and cursor paging', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let coordinator: UserClient;
  let boardId: string;

  beforeAll(async () => {
    stack = await startStack('cases_list');
    ({ prisma, boardId } = stack);
    coordinator = await stack.as('coordinator');
  });

  afterAll(async () => {
    await stack?.close();
  });

  const search = (query: { boardId?: string; q?: string; status?: 'REFERRED'; limit?: number; cursor?: string }) =>
    coordinator.get('/cases', { params: { query } });

  it('pages through every case once, newest referral first, following the Link header', async () => {
    const all = await prisma.case.findMany({ where: { boardId }, orderBy: [{ referredAt: 'desc' }, { id: 'desc' }] });
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await search({ boardId, limit: 2, cursor });
      expect(response.status).toBe(200);
      const rows = response.body;
      expect(rows.length).toBeLessThanOrEqual(2);
      seen.push(...rows.map((row) => row.reference));
      // The Link header names the same search, page size and the next cursor.
      const next = nextOf(response.headers);
      const link = next === null ? null : new URL(next, stack.url);
      if (link)
        expect([link.pathname, link.searchParams.get('boardId'), link.searchParams.get('limit')]).toEqual([
          '/cases',
          boardId,
          '2',
        ]);
      cursor = link?.searchParams.get('cursor') ?? undefined;
      if (link) expect(cursor).toBeDefined();
      pages += 1;
      expect(pages).toBeLessThan(20);
    } while (cursor);
    expect(seen).toEqual(all.map((row) => row.reference));
    expect(pages).toBe(Math.ceil(all.length / 2));
  });

  it('searches by reference part, family name and MRN, and filters by status', async () => {
    const target = await prisma.case.findFirstOrThrow({
      where: { boardId, status: 'REFERRED' },
      include: { patient: true },
    });
    const byReference = await search({ q: target.reference.slice(-4).toLowerCase() });
    expect(byReference.body.map((row) => row.reference)).toContain(target.reference);

    const byName = await search({ q: target.patient.familyName.toUpperCase() });
    expect(
      byName.body.every((row) => row.patientName.toLowerCase().includes(target.patient.familyName.toLowerCase())),
    ).toBe(true);
    expect(byName.body.map((row) => row.id)).toContain(target.id);

    const byMrn = await search({ q: target.patient.mrn });
    expect(byMrn.body.map((row) => row.mrn)).toEqual([target.patient.mrn]);
    // Within a board (the search's other query shape): the same answers.
    const inBoard = await search({ boardId, q: target.patient.mrn.toLowerCase() });
    expect(inBoard.body.map((row) => row.mrn)).toEqual([target.patient.mrn]);
    const byReferenceInBoard = await search({ boardId, q: target.reference.slice(-4) });
    expect(byReferenceInBoard.body.map((row) => row.reference)).toContain(target.reference);

    const referred = await search({ boardId, status: 'REFERRED' });
    const expected = await prisma.case.count({ where: { boardId, status: 'REFERRED' } });
    expect(referred.body.length).toBe(expected);
    expect(referred.body.every((row) => row.status === 'REFERRED')).toBe(true);

    const none = await search({ q: 'no-such-case-anywhere' });
    expect(none.body).toEqual([]);
    expect(none.headers.get('link')).toBeNull();

    // LIKE's wildcards are searched for literally: "%" and "_" match no reference, name or MRN.
    for (const wildcard of ['%', '_', '%%', '\\']) {
      const literal = await search({ q: wildcard });
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
      // Queries the document forbids: sent raw.
      const response = await coordinator.raw('GET', `/cases?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(response.body)).toContain(field);
    }
  });
});
