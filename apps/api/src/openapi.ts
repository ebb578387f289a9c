import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  getSchemaPath,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { routeCatalog, type RouteInfo } from './common/openapi/route-catalog';
import { CASE_CORE_SCHEMAS } from './common/openapi/case-core.schemas';
import { PATHWAY_SCHEMAS } from './common/openapi/pathway.schemas';
import { ProblemSchema } from './common/openapi/problem.schema';

const BEARER = 'bearer';

/** `/cases/:id` (Nest) -> `/cases/{id}` (OpenAPI). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

/** The refusals every route of its kind can answer, derived from the metadata the guards and pipes act on. */
function commonRefusals(route: RouteInfo, operation: OperationObject): Record<number, string> {
  const refusals: Record<number, string> = {};
  const parameters = (operation.parameters ?? []) as { in?: string; name?: string }[];
  if (operation.requestBody || parameters.some((parameter) => parameter.in === 'query' || parameter.in === 'path')) {
    refusals[400] = 'Invalid input: every problem is named in errors[{field, message}]';
  }
  if (operation.requestBody) {
    refusals[413] = 'The body is over the size limit';
    refusals[415] = 'The body is not application/json';
  }
  if (!route.isPublic) refusals[401] = 'No valid bearer token (missing, expired, revoked, or the user was deactivated)';
  if (route.roles.length > 0) refusals[403] = `Only ${route.roles.join(' or ')} may call this`;
  const scoped = route.scope ?? route.owned;
  if (scoped) {
    refusals[404] = route.owned
      ? `No ${scoped.kind} with this ${scoped.param} among yours (another user's answers the same)`
      : `No ${scoped.kind} with this ${scoped.param} on your boards (the same answer as for a missing one)`;
  } else if (route.params.length > 0) {
    refusals[404] = `Nothing with this ${route.params.join(' and ')}`;
  }
  // Any route may find every database connection busy (problem-details.filter.ts).
  refusals[503] ??= 'No database connection was free in time: retry after the Retry-After seconds';
  return refusals;
}

/**
 * Derives, once, what every operation must say from the same metadata the guards use: its
 * security (public routes `security: []`, the others bearer), the roles that may call it
 * (`x-roles` and the 403) and the common refusals; every error answer gets the shared
 * problem+json body. Route-specific refusals come from `@ApiRefusals` and win.
 */
function describeAccess(document: OpenAPIObject, routes: readonly RouteInfo[]): void {
  const problem = { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } };
  for (const route of routes) {
    const operation = document.paths[openApiPath(route.path)]?.[route.method.toLowerCase() as 'get'];
    if (!operation) throw new Error(`OpenAPI: no operation for ${route.method} ${route.path}`);
    operation.security = route.isPublic ? [] : [{ [BEARER]: [] }];
    if (route.roles.length > 0) {
      Object.assign(operation, { 'x-roles': [...route.roles] });
      operation.description = [operation.description, `Roles: ${route.roles.join(', ')}.`].filter(Boolean).join('\n\n');
    }
    for (const [status, description] of Object.entries(commonRefusals(route, operation))) {
      operation.responses[status] ??= { description };
    }
    for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
      // The one exception filter answers every error as problem+json (health's 503 included);
      // the FHIR routes' filter answers their own refusals as OperationOutcome (application/fhir+json).
      const fhir = response.content?.['application/fhir+json'];
      if (Number(status) >= 400) response.content = fhir ? { ...problem, 'application/fhir+json': fhir } : problem;
    }
  }
}

/**
 * Two OpenAPI 3.0 rules Nest does not keep: a nullable enum lists null among its values (3.0.3),
 * and a `$ref` stands alone (Nest adds the TypeScript `type` beside it; readers ignore siblings).
 */
function tidySchemas(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const schema = value as { nullable?: boolean; enum?: unknown[]; $ref?: string };
  // A copy: Nest shares the DTO's array (ALL_BRANCH_CODES), and pushing into it would make null a value of every enum built from it, validators included.
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum = [...schema.enum, null];
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    for (const key of Object.keys(schema)) Reflect.deleteProperty(schema, key);
    schema.$ref = ref;
  }
  Object.values(value).forEach(tidySchemas);
}

/**
 * The OpenAPI document served at /docs-json: one builder for the server and for
 * `npm run openapi`, which writes it for the web client's generated types.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Consilium API')
      .setDescription('Multidisciplinary tumor-board platform. Errors are RFC 9457 problem+json.')
      .setVersion('0.1.0')
      .addServer('/', 'This server (the API serves its own documentation)')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
      .build(),
    { extraModels: [ProblemSchema] },
  );
  document.info.license = { name: 'UNLICENSED (proprietary)' };
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...PATHWAY_SCHEMAS, ...CASE_CORE_SCHEMAS },
  };
  describeAccess(document, routeCatalog(app));
  tidySchemas(document);
  return document;
}
