import { DatabaseError } from 'pg';
import { problemOf } from './problem-details.filter';

/** A unique violation as `pg` raises it (SQLSTATE 23505 with the index's name). */
function uniqueViolation(constraint: string): DatabaseError {
  const error = new DatabaseError('duplicate key value violates unique constraint', 0, 'error');
  error.code = '23505';
  error.constraint = constraint;
  return error;
}

describe(problemOf.name, () => {
  it('answers a known unique violation from a raw statement with 409 in the words of the API', () => {
    expect(problemOf(uniqueViolation('votes_recommendation_id_round_voter_id_key'))).toMatchObject({ status: 409, title: 'Conflict', detail: 'you have already voted in this round' });
  });

  it('answers an unknown unique violation with 409, naming no table or index', () => {
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
