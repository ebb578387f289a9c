import { UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtAuthGuard } from './jwt-auth.guard';
import type { JwtStrategy } from './jwt.strategy';
import { VerifiedTokens } from './verified-tokens';

describe(JwtAuthGuard.name, () => {
  const guard = new JwtAuthGuard(new Reflector(), {} as JwtStrategy, new VerifiedTokens());

  it('answers 401 for no user or a refused token', () => {
    expect(() => guard.handleRequest(null, false)).toThrow(UnauthorizedException);
    expect(() => guard.handleRequest(new UnauthorizedException('session revoked'), false)).toThrow(
      UnauthorizedException,
    );
  });

  it('lets a failed user lookup (PostgreSQL away) through as itself, not as 401 (the client would be signed out)', () => {
    const outage = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(() => guard.handleRequest(outage, false)).toThrow(outage);
  });

  it('passes the user on', () => {
    expect(guard.handleRequest(null, { id: 'u1' })).toEqual({ id: 'u1' });
  });
});
