import { Prisma } from '@prisma/client';
import { DatabaseError } from 'pg';
import { problemOf } from './problem-details.filter';
import { isDependencyUnavailable } from './unavailable';

const known = (code: string): Prisma.PrismaClientKnownRequestError =>
  new Prisma.PrismaClientKnownRequestError('database', { code, clientVersion: '6.19.0' });

/** A unique violation as `pg` raises it (SQLSTATE 23505 with the index's name). */
function uniqueViolation(constraint: string): DatabaseError {
  const error = new DatabaseError('duplicate key value violates unique constraint', 0, 'error');
  error.code = '23505';
  error.constraint = constraint;
  return error;
}

describe('a saturated or unreachable database', () => {
  it.each([
    ['pg-pool: every client busy', new Error('timeout exceeded when trying to connect'), true],
    ['a connection attempt that timed out', new Error('Connection terminated due to connection timeout'), true],
    [
      'the pool timeout as the cause of a wrapper',
      new Error('query failed', { cause: new Error('timeout exceeded when trying to connect') }),
      true,
    ],
    ['Prisma P2024 (pool timeout)', known('P2024'), true],
    ['Prisma P1001 (unreachable)', known('P1001'), true],
    ['Prisma P2002 (unique)', known('P2002'), false],
    ['any other error', new Error('division by zero'), false],
  ])('%s: %s', (_label, error, expected) => {
    expect(isDependencyUnavailable(error)).toBe(expected);
  });

  it('makes the problem a 503 that says to retry, and leaves other errors a 500', () => {
    expect(problemOf(new Error('timeout exceeded when trying to connect'))).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
      detail: expect.stringMatching(/retry/i),
    });
    expect(problemOf(new Error('division by zero'))).toMatchObject({ status: 500 });
  });
});

describe('a unique violation from a raw statement', () => {
  it('answers a known index with 409 in the words of the API', () => {
    expect(problemOf(uniqueViolation('votes_recommendation_id_round_voter_id_key'))).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'you have already voted in this round',
    });
  });

  it('answers an unknown one with 409, naming no table or index', () => {
    const problem = problemOf(uniqueViolation('secret_table_column_key'));
    expect(problem).toMatchObject({ status: 409, detail: 'a record with these values already exists' });
    expect(JSON.stringify(problem)).not.toContain('secret_table');
  });

  it('leaves other database errors a bare 500', () => {
    const error = new DatabaseError('deadlock detected', 0, 'error');
    error.code = '40P01';
    expect(problemOf(error)).toMatchObject({ status: 500 });
  });
});
