import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { Prisma } from '@prisma/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem, ProblemDetails } from './problem';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** Fastify's own errors (bad JSON, body too large, wrong content type) carry a statusCode. */
function isFastifyClientError(error: unknown): error is Error & { statusCode: number } {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return error instanceof Error && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

/** Seconds a client should wait before retrying when the database is saturated (Retry-After). */
export const DATABASE_BUSY_RETRY_AFTER_S = 2;

/**
 * True when the error (or one of its causes) says no database connection could be had in time:
 * node-postgres' pool timeout (every pooled client busy for connectionTimeoutMillis), a
 * connection attempt that timed out, or Prisma's own pool and reachability codes (P2024, P1001).
 * That is a saturated or unreachable database, not a fault of the request: 503 with Retry-After.
 */
export function isDatabaseUnavailable(exception: unknown): boolean {
  for (let error = exception, depth = 0; error instanceof Error && depth < 5; error = error.cause, depth += 1) {
    if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/.test(error.message)) return true;
    if (error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2024' || error.code === 'P1001')) return true;
    if (error instanceof Prisma.PrismaClientInitializationError && error.errorCode === 'P1001') return true;
  }
  return false;
}

/**
 * The one exception filter: every error leaves as application/problem+json (RFC 9457) with the
 * request id. Prisma's known codes become 409/404; a saturated or unreachable database 503 with
 * Retry-After; anything unexpected becomes a 500 that
 * reveals nothing internal (the details go to the log, under the same request id).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const problem = problemOf(exception);
    const reply = http.getResponse<FastifyReply>();
    if (problem.status === 503 && isDatabaseUnavailable(exception)) {
      void reply.header('retry-after', String(DATABASE_BUSY_RETRY_AFTER_S));
      this.logger.warn({ requestId: request.id, err: exception }, 'no database connection in time: answered 503');
    } else if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    }
    sendProblem(request, reply, problem);
  }
}

/** Writes a problem as the answer, with the request's path and id. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemDetails): void {
  problem.instance = request.url.split('?')[0];
  problem.requestId = String(request.id);
  void reply
    .status(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(problem));
}

/** The problem an exception stands for (HttpException, Prisma's known codes, a database without a free connection, Fastify's 4xx; else a bare 500). */
export function problemOf(exception: unknown): ProblemDetails {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'string') {
      return { type: 'about:blank', title: titleOf(status), status, detail: body };
    }
    // Extensions first, so that a body's own `status` (terminus says "error") cannot
    // overwrite the problem's members.
    const { message, errors, error, statusCode: _statusCode, ...extensions } = (body ?? {}) as {
      message?: unknown;
      errors?: FieldProblem[];
      error?: unknown;
      statusCode?: unknown;
    };
    // Nest's own `error` is the status text (redundant with title); terminus' is the map of
    // failing checks, which operators need.
    const problem: ProblemDetails = {
      ...extensions,
      ...(error !== undefined && typeof error !== 'string' ? { error } : {}),
      type: 'about:blank',
      title: titleOf(status),
      status,
    };
    problem.detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
    if (errors) problem.errors = errors;
    return problem;
  }
  if (exception instanceof Prisma.PrismaClientKnownRequestError) {
    if (exception.code === 'P2002') {
      const target = (exception.meta?.target ?? (exception.meta as { driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined)?.driverAdapterError?.cause?.constraint?.fields) as string[] | string | undefined;
      const fields = Array.isArray(target) ? target : target ? [target] : [];
      return {
        type: 'about:blank',
        title: titleOf(409),
        status: HttpStatus.CONFLICT,
        detail: fields.length > 0 ? `${fields.join(', ')} already exists` : 'a record with these values already exists',
        errors: fields.map((field) => ({ field, message: `${field} already exists` })),
      };
    }
    if (exception.code === 'P2025') {
      return { type: 'about:blank', title: titleOf(404), status: HttpStatus.NOT_FOUND, detail: 'not found' };
    }
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      type: 'about:blank',
      title: titleOf(503),
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: `The service is busy: no database connection was free in time. Retry after ${DATABASE_BUSY_RETRY_AFTER_S} seconds.`,
    };
  }
  if (isFastifyClientError(exception)) {
    return { type: 'about:blank', title: titleOf(exception.statusCode), status: exception.statusCode, detail: exception.message };
  }
  return {
    type: 'about:blank',
    title: titleOf(500),
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'An unexpected error occurred. Quote the request id when reporting it.',
  };
}
