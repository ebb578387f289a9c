import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse, type HeadersObject } from '@nestjs/swagger';

/** Status -> when the route answers it. The body is always the shared problem+json (openapi.ts adds it). */
export type Refusals = Partial<Record<400 | 401 | 403 | 404 | 409 | 412 | 422 | 428 | 429 | 503, string>>;

/**
 * Documents the refusals that are particular to a route. The common ones (401, 403 with the
 * roles, 404 for ids, 400 for input, 412/428 with If-Match) are derived in openapi.ts; a status
 * given here replaces the derived description.
 */
export const ApiRefusals = (refusals: Refusals): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...Object.entries(refusals).map(([status, description]) => ApiResponse({ status: Number(status), description })),
  );

/** The ETag response header of versioned records (send it back as If-Match). */
export const ETAG_HEADER: HeadersObject = {
  ETag: {
    description: 'The version of the record; send it back as If-Match to change it',
    schema: { type: 'string', example: '"v3"' },
  },
};

/** RFC 8288 paging: the next page's URL, absent on the last page. */
export const LINK_HEADER: HeadersObject = {
  Link: {
    description: 'The next page: `<url>; rel="next"` (RFC 8288); absent on the last page',
    schema: { type: 'string', example: '</cases?cursor=MjAy...>; rel="next"' },
  },
};

/** Optimistic concurrency: the route changes a versioned record and needs its ETag. */
export const ApiIfMatch = (noun: string): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: true,
      description: `The ETag of the ${noun} version being edited`,
      schema: { type: 'string', example: '"v3"' },
    }),
    ApiRefusals({
      412: `If-Match names another version: someone changed the ${noun} first (the problem carries currentEtag); reload and apply the edit again`,
      428: 'If-Match is missing',
    }),
  );

/** Idempotent retries: the same key and payload replay the first answer. */
export const IDEMPOTENT_REPLAYED_HEADER: HeadersObject = {
  'Idempotent-Replayed': {
    description: '"true" when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
};

export const ApiIdempotencyKey = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retry-safe: the same key and payload replay the first answer',
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
    }),
    ApiRefusals({
      409: 'A request with this Idempotency-Key is still in progress, or the vote conflicts with the current round',
      422: 'This Idempotency-Key was used with another payload',
    }),
  );
