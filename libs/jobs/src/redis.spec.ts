import { Cluster, Redis } from 'ioredis';
import { QueueName, jobKey } from './queues';
import { createRedis, hashTag, queuePrefix, redisClusterOptions } from './redis';

describe(queuePrefix.name, () => {
  it('wraps the deployment prefix in a hash tag, so every queue key hashes on it alone', () => {
    expect(queuePrefix('consilium')).toBe('{consilium}');
    expect(jobKey('consilium', QueueName.Reminders, 'reminder-1-v2')).toBe('{consilium}:reminders:reminder-1-v2');
    expect(hashTag('consilium:login')).toBe('{consilium:login}');
  });
});

describe(redisClusterOptions.name, () => {
  it.each([
    ['worker', null, true],
    ['producer', 1, false],
  ] as const)(
    'gives %s clients the same retry and offline-queue rules as on one Redis',
    (role, maxRetriesPerRequest, enableOfflineQueue) => {
      const options = redisClusterOptions('rediss://app:s%40cret@ignored.example:6380', role);
      expect(options.enableOfflineQueue).toBe(enableOfflineQueue);
      expect(options.redisOptions).toMatchObject({
        maxRetriesPerRequest,
        username: 'app',
        password: 's@cret',
        tls: {},
      });
      // The seed nodes come from REDIS_CLUSTER_NODES, never from REDIS_URL's host or database.
      expect(options.redisOptions).not.toHaveProperty('host');
      expect(options.redisOptions).not.toHaveProperty('db');
    },
  );
});

describe(createRedis.name, () => {
  it('makes a cluster client when cluster nodes are configured, else a client of REDIS_URL', () => {
    const cluster = createRedis(
      { redisUrl: 'redis://127.0.0.1:6379', redisClusterNodes: [{ host: '10.0.0.1', port: 7000 }] },
      'producer',
      { lazyConnect: true },
    );
    const single = createRedis({ redisUrl: 'redis://127.0.0.1:6379/3', redisClusterNodes: [] }, 'producer', {
      lazyConnect: true,
    });
    try {
      expect(cluster).toBeInstanceOf(Cluster);
      expect(single).toBeInstanceOf(Redis);
      expect((single as Redis).options.db).toBe(3);
    } finally {
      cluster.disconnect();
      single.disconnect();
    }
  });
});
