import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { AuthService } from './auth.service';
import type { AuthenticatedUser } from './authenticated-user';

/** E-mail + password (passport-local). Failures are answered by AuthService uniformly. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(
    request: Parameters<AuthService['authenticate']>[0],
    email: string,
    password: string,
  ): Promise<AuthenticatedUser> {
    return this.auth.authenticate(request, email, password);
  }
}
