import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { REQUEST_ID_HEADER, requestIdFor, type AppConfig } from '@consilium/config';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { createOpenApiDocument } from './openapi';

/**
 * Builds the API application (not yet listening): used by main.ts and by the tests, so both
 * run exactly the same stack.
 */
export async function createApp(config: AppConfig, options: { bufferLogs?: boolean } = {}): Promise<NestFastifyApplication> {
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
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: options.bufferLogs ?? true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: text/plain bodies are refused with 415.
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
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
  });
  app.enableCors({
    origin: config.http.corsOrigins.length > 0 ? [...config.http.corsOrigins] : false,
    credentials: false,
    exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Location'],
  });
  app.useGlobalPipes(createValidationPipe());

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
