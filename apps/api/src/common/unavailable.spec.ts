import { HttpStatus, UnauthorizedException } from '@nestjs/common';
import { problemOf } from './problem-details.filter';
import { isDependencyUnavailable } from './unavailable';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe(isDependencyUnavailable.name, () => {
  it.each([
    ['PostgreSQL refuses connections (pg)', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      'PostgreSQL shuts down (pg_ctl stop -m fast)',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['PostgreSQL is starting up', withCode('the database system is starting up', '57P03')],
    ['a pooled connection died', new Error('Connection terminated unexpectedly')],
    [
      'a client after its connection failed (pg)',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'Prisma through the driver adapter',
      Object.assign(new Error('db error'), {
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } },
      }),
    ],
    ['wrapped in a cause', new Error('query failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') })],
    [
      'Redis is down (ioredis, no offline queue)',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ],
    ['Redis connection closed', new Error('Connection is closed.')],
  ])('%s: yes, 503', (_name, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
    expect(problemOf(error)).toMatchObject({ status: HttpStatus.SERVICE_UNAVAILABLE, title: 'Service Unavailable' });
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint', withCode('duplicate key value violates unique constraint', '23505')],
    ['a refusal', new UnauthorizedException('session revoked')],
    ['not an error', 'oops'],
  ])('%s: no', (_name, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });
});
