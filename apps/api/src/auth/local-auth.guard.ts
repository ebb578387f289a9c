import { HttpException, HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InputPolicyPipe } from '../common/input-policy';
import { createValidationPipe } from '../common/validation';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/auth.dto';
import { LoginLimiter } from './login-limiter';

/** The global pipes, run here because the guard reads the body before Nest's pipes would. */
const LOGIN_BODY = {
  policy: new InputPolicyPipe(),
  validation: createValidationPipe(),
  metadata: { type: 'body', metatype: LoginDto },
} as const;

/**
 * POST /auth/login: validates the body (passport-local runs in a guard, before pipes, so bad
 * input gets the same 400 naming the field as everywhere else), asks the limiter, then checks
 * the password. Only failures count; a refusal is a 429 with Retry-After whose text is the same
 * whether or not the account exists.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  constructor(
    private readonly limiter: LoginLimiter,
    private readonly auth: AuthService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    this.auth.assertPasswordLogin();
    const dto = (await LOGIN_BODY.validation.transform(
      LOGIN_BODY.policy.transform(request.body, LOGIN_BODY.metadata),
      LOGIN_BODY.metadata,
    )) as LoginDto;

    const attempt = await this.limiter.begin(dto.email, request.ip);
    if (!attempt.allowed) {
      if (attempt.firstRefusal) await this.auth.recordThrottled(request, dto.email, attempt);
      void context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(attempt.retryAfterSeconds));
      throw new HttpException('Too many login attempts. Try again later.', HttpStatus.TOO_MANY_REQUESTS);
    }
    const signedIn = (await super.canActivate(context)) as boolean;
    await this.limiter.succeeded(attempt);
    return signedIn;
  }
}
