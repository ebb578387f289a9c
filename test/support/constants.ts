/** Where the tests find PostgreSQL and Redis (the machine's services; CI starts them). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The environment variable through which global setup names the migrated template database. */
export const TEMPLATE_ENV = 'CONSILIUM_TEST_TEMPLATE_DB';
export const ROOT = `${__dirname}/../..`;
