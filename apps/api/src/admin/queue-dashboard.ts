import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { QueueName, bullConnection, queuePrefix } from '@consilium/jobs';
import { TokenService } from '../auth/token.service';
import { UserDirectory } from '../auth/user-directory.service';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** HttpOnly cookie carrying the admin's access token to the dashboard (set by POST /admin/queues/session). */
export const QUEUE_SESSION_COOKIE = 'consilium_queues';

/** The access token of a dashboard request: the bearer header, else the dashboard cookie. */
export function dashboardToken(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const cookies = request.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === QUEUE_SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * bull-board at /admin/queues, for ADMIN only. The dashboard is Fastify routes outside Nest's
 * guards, so its plugin scope checks every request itself: a valid access token (bearer header,
 * or the short-lived HttpOnly cookie a browser gets from POST /admin/queues/session), an active
 * user with the token's current version, and the ADMIN role; 401/403 otherwise.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(QueueDashboard.name);
  private readonly queues: Queue[];
  private readonly connection: ReturnType<typeof bullConnection>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: TokenService,
    private readonly users: UserDirectory,
  ) {
    this.connection = bullConnection(config, 'producer');
    this.queues = Object.values(QueueName).map(
      (name) => new Queue(name, { connection: this.connection.connection, prefix: queuePrefix(config.redisPrefix) }),
    );
    for (const queue of this.queues) queue.on('error', () => undefined);
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    // @bull-board/fastify 9.10.1 pins its own @bull-board/api 9.10.1 (ours is 9.10.2): same shape, two declarations.
    createBullBoard({
      queues: this.queues.map((queue) => new BullMQAdapter(queue)),
      serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: 'Consilium queues' } },
    });
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.authorize(request, reply));
        // bull-board's page boots with an inline script: relax the API's strict CSP for this scope only.
        scope.addHook('onSend', async (_request, reply) => {
          void reply.header(
            'content-security-policy',
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src 'self' https://fonts.gstatic.com data:; img-src 'self' data:; frame-ancestors 'none'",
          );
        });
        await scope.register(serverAdapter.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
    this.logger.log(`queue dashboard at ${QUEUE_DASHBOARD_PATH}`);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close().catch(() => undefined)));
    await this.connection.close();
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = dashboardToken(request);
    const deny = (status: number, detail: string): FastifyReply =>
      reply
        .code(status)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail });
    if (!token) return void deny(401, 'authentication required');
    try {
      const claims = await this.tokens.verifyAccessToken(token);
      const user = typeof claims.sub === 'string' ? await this.users.findActive(claims.sub) : null;
      if (!user || user.tokenVersion !== claims.tv) return void deny(401, 'session revoked');
      if (!user.principal.roles.includes('ADMIN')) return void deny(403, 'requires one of the roles: ADMIN');
    } catch {
      return void deny(401, 'invalid or expired access token');
    }
  }
}
