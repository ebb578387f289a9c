import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

/** Login attempts per client address per minute. */
export const LOGIN_LIMIT_PER_IP = { name: 'login-ip', limit: 20, ttl: 60_000 } as const;
/** Login attempts per account per 15 minutes, whichever address they come from. */
export const LOGIN_LIMIT_PER_ACCOUNT = { name: 'login-account', limit: 10, ttl: 15 * 60_000 } as const;

/** The account a login attempt targets: the submitted e-mail, normalised. */
export function loginAccountTracker(request: Record<string, unknown>): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
  return email ? `account:${email}` : `ip:${String(request.ip)}`;
}

/**
 * Throttles POST /auth/login per IP and per account (both limits apply). Answers 429 with a
 * plain Retry-After header (seconds); the message is the same whether or not the account exists.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    void reply.header('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new ThrottlerException('Too many login attempts. Try again later.');
  }
}
