import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem, ProblemDetails } from './problem';
import { isDependencyUnavailable } from './unavailable';

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

/** Seconds a client should wait before retrying while PostgreSQL or Redis is busy or away (Retry-After). */
export const UNAVAILABLE_RETRY_AFTER_S = 2;

/**
 * The one exception filter: every error leaves as application/problem+json (RFC 9457) with the
 * request id. Prisma's known codes and unique violations become 409/404; PostgreSQL or Redis
 * busy (no pooled connection in time) or out of reach becomes 503 with Retry-After; anything
 * unexpected becomes a 500 that
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
    if (problem.status === 503 && isDependencyUnavailable(exception)) {
      void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
      this.logger.warn(
        { requestId: request.id, err: exception },
        'PostgreSQL or Redis busy or unavailable: answered 503',
      );
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
    const {
      message,
      errors,
      error,
      statusCode: _statusCode,
      ...extensions
    } = (body ?? {}) as {
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
      const target = (exception.meta?.target ??
        (exception.meta as { driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined)
          ?.driverAdapterError?.cause?.constraint?.fields) as string[] | string | undefined;
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
  const unique = uniqueViolationOf(exception);
  if (unique) return unique;
  if (isDependencyUnavailable(exception)) {
    // PostgreSQL or Redis is saturated or away (a restart, a failover): the request may be retried.
    return {
      type: 'about:blank',
      title: titleOf(503),
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: `A service this request needs is busy or unavailable; retry after ${UNAVAILABLE_RETRY_AFTER_S} seconds. Quote the request id when reporting it.`,
    };
  }
  if (isFastifyClientError(exception)) {
    return {
      type: 'about:blank',
      title: titleOf(exception.statusCode),
      status: exception.statusCode,
      detail: exception.message,
    };
  }
  return {
    type: 'about:blank',
    title: titleOf(500),
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'An unexpected error occurred. Quote the request id when reporting it.',
  };
}

/**
 * What a unique index stands for, in the words of the API: the conflicts a client can cause with
 * a hand-written statement (SQLSTATE 23505 from `pg`; Prisma's own become P2002 above).
 */
const UNIQUE_CONFLICTS: Readonly<Record<string, string>> = {
  votes_recommendation_id_round_voter_id_key: 'you have already voted in this round',
};

/** A PostgreSQL unique violation (23505) from a raw statement, as a 409 naming what already exists. */
function uniqueViolationOf(exception: unknown): ProblemDetails | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { code, constraint } = exception as { code?: unknown; constraint?: unknown };
  if (code !== '23505') return undefined;
  const known = typeof constraint === 'string' ? UNIQUE_CONFLICTS[constraint] : undefined;
  return {
    type: 'about:blank',
    title: titleOf(409),
    status: HttpStatus.CONFLICT,
    detail: known ?? 'a record with these values already exists',
  };
}
