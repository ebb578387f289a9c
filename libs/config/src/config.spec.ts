import { ConfigError, DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, loadConfig } from './config';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe(loadConfig.name, () => {
  it('applies the documented defaults when nothing is configured', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(config.redisUrl).toBe(DEFAULT_REDIS_URL);
    expect(config.http.port).toBe(3000);
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
    expect(config.env).toBe('development');
    expect(config.http.trustedProxies).toEqual([]);
    expect(config.databasePoolSize).toBe(10);
  });

  it('reads DATABASE_POOL_SIZE as the pool size', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '6' }).databasePoolSize).toBe(6);
  });

  it('reads TRUSTED_PROXIES as addresses and CIDR ranges', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,::1' }).http.trustedProxies).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
  });

  it('reads and types every given variable; empty strings count as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      SMTP_SECURE: 'true',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      DATABASE_URL: '',
    });
    expect(config.http.port).toBe(8080);
    expect(config.smtp.secure).toBe(true);
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ ACCESS_TOKEN_TTL_SECONDS: '3600' }, 'ACCESS_TOKEN_TTL_SECONDS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUSTED_PROXIES: '10.0.0.1,proxy.example' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES'],
    [{ DATABASE_POOL_SIZE: 'ten' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ REDIS_CLUSTER_NODES: 'redis-a' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis-a:7000,,redis-b:7001' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis://redis-a:7000' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis-a:70000' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis-a:7000', REDIS_URL: 'redis://:secret@127.0.0.1:6379/2' }, 'REDIS_URL'],
  ])('rejects %j naming %s', (env, variable) => {
    const problems = problemsOf(env);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join(' ')).toContain(variable);
  });

  it('reads REDIS_CLUSTER_NODES as host and port pairs; none means a single Redis', () => {
    expect(loadConfig({}).redisClusterNodes).toEqual([]);
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:7000, 10.0.0.2:7001' }).redisClusterNodes).toEqual([
      { host: 'redis-a', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
    ]);
  });

  it('reports every invalid variable at once', () => {
    const problems = problemsOf({ PORT: 'abc', REDIS_URL: 'nope' });
    expect(problems.join(' ')).toContain('PORT');
    expect(problems.join(' ')).toContain('REDIS_URL');
  });

  it('refuses the development secret and a missing audit key in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(
      expect.arrayContaining(['JWT_SECRET must be set in production', 'AUDIT_SIGNING_KEY must be set in production']),
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), AUDIT_SIGNING_KEY: 'key' }),
    ).not.toThrow();
  });
});
