import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { QUEUE_DASHBOARD_PATH, QUEUE_SESSION_COOKIE, dashboardToken } from './queue-dashboard';

@ApiTags('admin')
@Controller('admin')
export class AdminController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * A browser cannot send a bearer header when it opens the dashboard: this puts the caller's
   * (short-lived) access token into an HttpOnly, SameSite=Strict cookie scoped to the dashboard
   * path, valid no longer than the token itself. ADMIN only.
   */
  @ApiOperation({ summary: 'Open the queue dashboard in this browser (sets its cookie)' })
  @Post('queues/session')
  @Roles('ADMIN')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Sets the dashboard cookie; then open /admin/queues' })
  session(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    const token = dashboardToken({ headers: { authorization: request.headers.authorization } }) ?? '';
    const secure = this.config.http.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
    void reply.header(
      'set-cookie',
      `${QUEUE_SESSION_COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${this.config.auth.accessTokenTtlSeconds}; HttpOnly; SameSite=Strict${secure}`,
    );
  }
}
