/**
 * Whether an error means a dependency (PostgreSQL, Redis) cannot be reached right now, rather
 * than a fault of the request or of the code: such a request gets 503 (try again), not 500,
 * and a failed authentication lookup is not "unauthenticated". Looks through `cause` chains and
 * Prisma's driver-adapter wrapping.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, kind, message, cause, meta, originalCode } = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
      originalCode?: unknown;
    };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof originalCode === 'string' && UNAVAILABLE_CODES.has(originalCode)) return true;
    if (typeof kind === 'string' && UNAVAILABLE_KINDS.has(kind)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    pending.push(cause, meta?.driverAdapterError);
  }
  return false;
}

/**
 * Socket errors; PostgreSQL's class 08 (connection exception) and 57P01-57P03 (shutdown, crash,
 * cannot connect now: RFC-less, see the PostgreSQL manual, appendix A); Prisma's P1001/P1002/P1017
 * (server unreachable, timed out, closed the connection) and P2024 (pool timeout).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  'P1001',
  'P1002',
  'P1017',
  'P2024',
]);
/** Prisma driver-adapter error kinds for the same. */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** pg and ioredis say these in words only. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Connection is closed|enableOfflineQueue|max retries per request|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|timeout exceeded when trying to connect|not queryable|Can't reach database server|Server has closed the connection/i;
