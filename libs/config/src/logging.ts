import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config';

/**
 * Field paths that may hold PHI or secrets. pino replaces them with "[redacted]" wherever they
 * appear in a log line (request bodies are never logged, this is the second line of defence).
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-refresh-token"]',
  'res.headers["set-cookie"]',
  ...[
    'mrn',
    'givenName',
    'familyName',
    'birthDate',
    'name',
    'email',
    'password',
    'passwordHash',
    'refreshToken',
    'accessToken',
    'idToken',
    'idpRefreshToken',
    'id_token',
    'refresh_token',
    'access_token',
  ].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a well-formed caller request id (from a proxy) or makes a new one. */
export function requestIdFor(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && REQUEST_ID_PATTERN.test(candidate) ? candidate : randomUUID();
}

/** The one nestjs-pino options factory, shared by the API and the worker. */
export function loggerOptions(config: AppConfig, service: 'api' | 'worker'): Params {
  return {
    pinoHttp: {
      level: config.log.level,
      base: { service: `consilium-${service}`, instance: config.serviceInstance },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      genReqId: (request) => requestIdFor(request),
      customProps: (request) => ({ requestId: request.id }),
      // Only method, route and status: query strings and bodies may carry identifiers.
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url.split('?')[0],
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health') },
      quietReqLogger: true,
    },
  };
}
