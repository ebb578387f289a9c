import { Client } from 'pg';
import { PrismaService } from '@consilium/db';
import { startStack, type Problem, type Stack, type UserClient } from '../support/stack';

/**
 * A saturated connection pool: every pooled connection held by a request that waits on a lock,
 * so the next requests cannot get a connection within the pool's timeout. They must be told
 * "503, retry after N seconds" (problem+json, request id), not a 500, and the API must serve
 * again as soon as the connections are free.
 */
describe('a saturated database pool', () => {
  let stack: Stack;
  let coordinator: UserClient;
  let caseId: string;

  beforeAll(async () => {
    stack = await startStack('pool_saturation');
    caseId = (await stack.prisma.case.findFirstOrThrow({ where: { boardId: stack.boardId } })).id;
    coordinator = await stack.as('coordinator');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers 503 with Retry-After while no connection is free, then 200 again', async () => {
    const read = async (): Promise<{
      status: number;
      retryAfter: string | null;
      contentType: string | null;
      problem: Problem | undefined;
    }> => {
      const response = await coordinator.get('/cases/{id}', { params: { path: { id: caseId } } });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        contentType: response.headers.get('content-type'),
        problem: response.problem,
      };
    };
    expect((await read()).status).toBe(200); // the principal is cached, the pool warm

    const poolSize = stack.api.app.get(PrismaService).sql.options.max ?? 10;
    const locker = new Client({ connectionString: stack.database.url });
    await locker.connect();
    let answers: Awaited<ReturnType<typeof read>>[];
    try {
      // Every case read now waits on the lock, holding its pooled connection.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE cases IN ACCESS EXCLUSIVE MODE');
      const pending = Array.from({ length: poolSize + 4 }, () => read());
      // Past the pool's 5 s connection timeout, the requests without a connection have failed.
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      await locker.query('COMMIT');
      answers = await Promise.all(pending);
    } finally {
      await locker.end();
    }

    const busy = answers.filter((answer) => answer.status === 503);
    expect(answers.filter((answer) => answer.status !== 503 && answer.status !== 200)).toEqual([]);
    expect(busy.length).toBeGreaterThanOrEqual(4);
    for (const answer of busy) {
      expect(answer.retryAfter).toMatch(/^[1-9]\d*$/);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.problem).toMatchObject({ status: 503, title: 'Service Unavailable', instance: `/cases/${caseId}` });
      expect(String(answer.problem?.detail)).toMatch(/retry/i);
      expect(typeof answer.problem?.requestId).toBe('string');
    }
    // The reads that held a connection finished once the lock was released.
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(1);
    expect((await read()).status).toBe(200);
  }, 30_000);
});
