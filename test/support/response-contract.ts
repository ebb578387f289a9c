import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { openApiPath } from '../../apps/api/src/openapi';

const DOCUMENT_ID = 'openapi';

/** A JSON Pointer segment (RFC 6901). */
const pointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * OpenAPI 3.0's `nullable` admits null beside whatever the rest of the schema says (Nest writes
 * `{ type: object, nullable, allOf: [$ref] }`); JSON Schema says it as `anyOf [schema, null]`.
 */
function forAjv(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(forAjv);
  if (typeof value !== 'object' || value === null) return value;
  const { nullable, ...rest } = Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, forAjv(inner)]),
  ) as Record<string, unknown>;
  return nullable === true ? { anyOf: [rest, { type: 'null' }] } : rest;
}

/** Answers of this test file's APIs that broke the document; setup-timeouts.ts fails the file on any. */
const violations = new Set<string>();

/** The violations seen so far, forgotten once read. */
export function takeContractViolations(): string[] {
  const seen = [...violations];
  violations.clear();
  return seen;
}

/**
 * Checks every answer of a running API against its OpenAPI document: the status must be
 * documented for the operation, and a JSON body must validate against the documented schema.
 * Violations are collected (the test that caused one keeps running) and reported after the file.
 */
export function watchResponses(fastify: FastifyInstance, document: OpenAPIObject): void {
  // OpenAPI 3.0 schemas are JSON Schema with extras (nullable, example): ajv reads nullable and ignores the rest.
  // Compiling dominates (each schema checks a handful of answers): skip ajv's code optimisation.
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, code: { optimize: false } });
  addFormats(ajv);
  ajv.addSchema(forAjv(document) as object, DOCUMENT_ID);

  fastify.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    const method = request.method.toLowerCase();
    const path = route === undefined ? undefined : openApiPath(route);
    const operation = path ? document.paths[path]?.[method as 'get'] : undefined;
    if (!path || !operation) return payload;
    const status = String(reply.statusCode);
    const name = `${request.method} ${path} ${status}`;
    const response = operation.responses[status];
    if (!response) {
      violations.add(`${name}: status not documented`);
      return payload;
    }
    const mediaType =
      String(reply.getHeader('content-type') ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const documented = 'content' in response ? response.content : undefined;
    if (!documented || status === '204') return payload;
    if (!(mediaType in documented)) {
      violations.add(`${name}: content-type "${mediaType}", documented ${Object.keys(documented).join(', ')}`);
      return payload;
    }
    if (!mediaType.endsWith('json')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const text = payload.toString();
    const schemaRef = `${DOCUMENT_ID}#/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer(mediaType)}/schema`;
    const validate = ajv.getSchema(schemaRef);
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      violations.add(`${name}: body is not JSON (${JSON.stringify(text.slice(0, 40))})`);
      return payload;
    }
    if (validate && !validate(body)) {
      violations.add(`${name}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
    }
    return payload;
  });
}
