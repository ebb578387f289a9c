import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Where `vite build` puts the web app, looked up from the compiled API
 * (dist/apps/api/src/web), from the sources under jest (apps/api/src/web) and from the working
 * directory (npm start runs at the repository root).
 */
export function webDistCandidates(from: string = __dirname, cwd: string = process.cwd()): string[] {
  return [
    join(from, '..', '..', '..', '..', '..', 'apps', 'web', 'dist'),
    join(from, '..', '..', '..', '..', 'apps', 'web', 'dist'),
    join(cwd, 'apps', 'web', 'dist'),
  ].map((path) => resolve(path));
}

export function findWebDist(candidates: readonly string[] = webDistCandidates()): string | null {
  return candidates.find((path) => existsSync(join(path, 'index.html'))) ?? null;
}

/**
 * API routes that are also pages of the web app: the links of notifications and e-mails
 * (/cases/<id>) open the app's case view when a browser navigates to them (it asks for HTML and
 * sends no bearer token; the API's own clients ask for JSON).
 */
const PAGES_OF_THE_APP: ReadonlySet<string> = new Set(['/cases/:id']);

/** A browser navigating to a client route: a GET that asks for HTML, names no file, and matches no API route (or one of PAGES_OF_THE_APP). */
export function wantsSpaFallback(
  request: Pick<FastifyRequest, 'method' | 'url' | 'headers'>,
  matchedRoute: string | undefined,
): boolean {
  if (request.method !== 'GET') return false;
  if (
    matchedRoute !== undefined &&
    (!PAGES_OF_THE_APP.has(matchedRoute) || request.headers.authorization !== undefined)
  )
    return false;
  const accept = request.headers.accept ?? '';
  if (!accept.includes('text/html')) return false;
  const path = request.url.split('?')[0] ?? '';
  return extname(path) === '';
}

/**
 * Registers the static files on Fastify directly, not as a Nest controller: they are public
 * (static assets and an HTML shell, no data; every API call of the app carries its own bearer
 * token), so they sit outside the global JWT guard, and the access-control test, which
 * enumerates Nest routes, does not need to list them. Helmet's CSP applies to them like to any
 * other answer. `wildcard: false` gives one route per built file, so every other path keeps the
 * API's problem+json 404.
 */
@Injectable()
export class WebAppHost implements OnModuleInit {
  private readonly logger = new Logger(WebAppHost.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const root = findWebDist();
    if (!root) {
      this.logger.log('apps/web/dist not built: the web app is not served (npm run build:web)');
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const indexHtml = readFileSync(join(root, 'index.html'));
    // Queued, not awaited: awaiting would make Fastify build the routes Nest declared so far
    // right now, before Nest installs its error handler, and they would answer body errors
    // (413, 415) without problem+json. Fastify loads the plugin with everything else at ready().
    void fastify.register(fastifyStatic, {
      root,
      wildcard: false,
      decorateReply: false,
      // Hashed asset names never change content; the HTML shell must always be revalidated.
      setHeaders: (reply, path) => {
        void reply.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!wantsSpaFallback(request, request.routeOptions.url)) return;
      // The documented shape of an async hook that answers: send, then return the reply.
      void reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
      return reply;
    });
  }
}
