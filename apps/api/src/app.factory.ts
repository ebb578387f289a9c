import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { REQUEST_ID_HEADER, requestIdFor, type AppConfig } from '@consilium/config';
import { AppModule } from './app.module';
import { InputPolicyPipe, refuseHostileInput } from './common/input-policy';
import { problemOf, sendProblem, titleOf } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { createOpenApiDocument } from './openapi';

/**
 * Builds the API application (not yet listening): used by main.ts and by the tests, so both
 * run exactly the same stack.
 */
export async function createApp(
  config: AppConfig,
  options: { bufferLogs?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // One request id for Fastify, the logger and the problem+json answers: taken from a
    // well-formed X-Request-Id or generated, and written back so pino-http reads the same.
    genReqId: (request: IncomingMessage) => {
      const id = requestIdFor(request);
      request.headers[REQUEST_ID_HEADER] = id;
      return id;
    },
    // X-Forwarded-For only from the configured proxies: anyone else could pick the address
    // that login throttling counts and the audit trail records.
    trustProxy: config.http.trustedProxies.length > 0 ? [...config.http.trustedProxies] : false,
    // The router refuses a malformed URL (400) or an over-long path parameter (414) before Nest
    // sees the request: answer those as problem+json too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(request, reply, problemOf(error)),
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: options.bufferLogs ?? true,
    // Fastify's own JSON parser only: Nest's would add a form (urlencoded) parser.
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: text/plain and form bodies are refused with 415.
  fastify.removeContentTypeParser(['text/plain']);
  // FHIR clients send application/fhir+json (FHIR R4 http.html#mime): JSON, parsed like JSON.
  fastify.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );
  fastify.addHook('preValidation', refuseHostileInput);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });

  // Security headers (helmet), computed once: helmet's configuration here is static (no nonce), so
  // its thirteen middlewares would set the same headers on every request through the raw response
  // (a few per cent of a case read's CPU at 50 connections). Fastify writes them with the rest.
  const securityHeaders = staticHeadersOf(
    helmet({
      hsts: { maxAge: 31_536_000, includeSubDomains: true },
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          frameAncestors: ["'none'"],
          // Swagger UI inlines its styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          scriptSrc: ["'self'"],
        },
      },
      frameguard: { action: 'deny' },
    }),
  );
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaders);
    done();
  });
  // No configured origin: no CORS at all (same-origin web app). @fastify/cors with origin false
  // adds nothing to an answer, yet its hook ran on every request; its OPTIONS route answered 404,
  // as the router does without it.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.http.corsOrigins],
      credentials: false,
      exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Location'],
    });
  }
  app.useGlobalPipes(new InputPolicyPipe(), createValidationPipe());

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * The headers a (static) helmet middleware sets, captured once from a recording response. Throws
 * if the middleware does anything else with the response, or does not finish synchronously.
 */
export function staticHeadersOf(
  middleware: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void,
): Record<string, string> {
  const headers = new Map<string, string>();
  let finished = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  middleware({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  if (!finished) throw new Error('the security headers middleware did not finish synchronously');
  return Object.fromEntries(headers);
}

/**
 * Node's HTTP parser refuses some requests before Fastify has a request object (oversized
 * headers: 431, malformed requests: 400): the answer is written to the socket, as problem+json.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({
    type: 'about:blank',
    title: titleOf(status),
    status,
    detail: status === 431 ? 'the request headers are too large' : 'the request could not be read',
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${titleOf(status)}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
