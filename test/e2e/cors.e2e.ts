import { testConfig } from '../support/config';
import { startApi, type RunningApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const WEB = 'https://web.example';
const preflight = {
  origin: WEB,
  'access-control-request-method': 'GET',
  'access-control-request-headers': 'authorization',
};

describe('CORS', () => {
  let database: TestDatabase;
  let sameOrigin: RunningApi;
  let crossOrigin: RunningApi;

  beforeAll(async () => {
    database = await createTestDatabase('cors');
    sameOrigin = await startApi(testConfig({ DATABASE_URL: database.url }));
    crossOrigin = await startApi(testConfig({ DATABASE_URL: database.url, CORS_ORIGINS: WEB }));
  });
  afterAll(async () => {
    await sameOrigin?.close();
    await crossOrigin?.close();
    await database?.drop();
  });

  it('without configured origins, grants no origin and answers a preflight 404', async () => {
    const read = await fetch(`${sameOrigin.url}/health/live`, { headers: { origin: WEB } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('access-control-expose-headers')).toBeNull();
    // Security headers are still set on every answer.
    expect(read.headers.get('x-frame-options')).toBe('DENY');

    const options = await fetch(`${sameOrigin.url}/cases`, { method: 'OPTIONS', headers: preflight });
    expect(options.status).toBe(404);
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
    expect(options.headers.get('content-type')).toContain('application/problem+json');
  });

  it('with a configured origin, grants that origin only and answers its preflight', async () => {
    const options = await fetch(`${crossOrigin.url}/cases`, { method: 'OPTIONS', headers: preflight });
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(options.headers.get('access-control-allow-headers')).toBe('authorization');

    const read = await fetch(`${crossOrigin.url}/health/live`, { headers: { origin: WEB } });
    expect(read.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(read.headers.get('access-control-expose-headers')).toBe('ETag, X-Request-Id, Retry-After, Location');

    const other = await fetch(`${crossOrigin.url}/health/live`, { headers: { origin: 'https://other.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
