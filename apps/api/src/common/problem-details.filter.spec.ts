import { Prisma } from '@prisma/client';
import { isDatabaseUnavailable, problemOf } from './problem-details.filter';

const known = (code: string): Prisma.PrismaClientKnownRequestError => new Prisma.PrismaClientKnownRequestError('database', { code, clientVersion: '6.19.0' });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['pg-pool: every client busy', new Error('timeout exceeded when trying to connect'), true],
    ['a connection attempt that timed out', new Error('Connection terminated due to connection timeout'), true],
    ['the pool timeout as the cause of a wrapper', new Error('query failed', { cause: new Error('timeout exceeded when trying to connect') }), true],
    ['Prisma P2024 (pool timeout)', known('P2024'), true],
    ['Prisma P1001 (unreachable)', known('P1001'), true],
    ['Prisma P2002 (unique)', known('P2002'), false],
    ['any other error', new Error('division by zero'), false],
    ['not an error', 'timeout exceeded when trying to connect', false],
  ])('%s: %s', (_label, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });

  it('makes the problem a 503 that says to retry, and leaves other errors a 500', () => {
    expect(problemOf(new Error('timeout exceeded when trying to connect'))).toMatchObject({ status: 503, title: 'Service Unavailable', detail: expect.stringMatching(/retry/i) });
    expect(problemOf(new Error('division by zero'))).toMatchObject({ status: 500 });
  });
});
