import { testConfig } from '../support/config';
import { startApi, type RunningApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { freePort, PrivateRedis } from '../support/redis-server';

async function readiness(api: RunningApi): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await probe();
  }
  return last;
}

describe('health', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let api: RunningApi;

  beforeAll(async () => {
    database = await createTestDatabase('health');
    redis = new PrivateRedis(await freePort());
    await redis.start();
    api = await startApi(testConfig({ DATABASE_URL: database.url, REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    await api?.close();
    await redis?.stop();
    await database?.drop();
  });

  it('live answers 200 without touching dependencies', async () => {
    const response = await fetch(`${api.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('ready goes 503 when Redis stops and back to 200 by itself when it returns', async () => {
    const healthy = await readiness(api);
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });

    await redis.stop();
    const down = await eventually(
      () => readiness(api),
      (result) => result.status === 503,
    );
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 503,
      error: { redis: { status: 'down' } },
      info: { database: { status: 'up' } },
    });

    await redis.start();
    const recovered = await eventually(
      () => readiness(api),
      (result) => result.status === 200,
    );
    expect(recovered.status).toBe(200);
    expect(recovered.body).toMatchObject({ status: 'ok', info: { redis: { status: 'up' } } });
  });

  it('answers unknown routes with problem+json carrying the request id', async () => {
    const response = await fetch(`${api.url}/no-such-route`, { headers: { 'x-request-id': 'test-request-42' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('x-request-id')).toBe('test-request-42');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found', requestId: 'test-request-42' });
  });

  it('serves the OpenAPI document with the bearer scheme', async () => {
    const response = await fetch(`${api.url}/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    expect(document.components.securitySchemes).toHaveProperty('bearer');
  });
});
