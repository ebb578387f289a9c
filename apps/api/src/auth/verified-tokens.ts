import { Injectable } from '@nestjs/common';
import type { AccessTokenClaims } from './token.service';

/** Claims as passport-jwt hands them to the strategy: ours, plus the registered claims it checked. */
export type VerifiedClaims = AccessTokenClaims & { exp?: number; iat?: number };

const MAX_TOKENS = 10_000;

/**
 * Access tokens whose signature, issuer, audience and age passport-jwt has already checked, with
 * their claims, until they expire: a client sends the same bearer token on every request for its
 * lifetime, and checking it again (HMAC, base64, JSON, passport's per-request strategy object) was
 * a sixth of a case read's CPU. Only what the token itself says is remembered; whether its user
 * is still active and its version current is asked on every request (AccessCache), so revocation
 * is unchanged.
 */
@Injectable()
export class VerifiedTokens {
  private readonly tokens = new Map<string, { claims: VerifiedClaims; validUntilSeconds: number }>();

  /** Remembers a token passport-jwt accepted, valid while jsonwebtoken would accept it (exp and maxAge). */
  remember(token: string, claims: VerifiedClaims, maxAgeSeconds: number): void {
    const limits = [claims.exp, claims.iat === undefined ? undefined : claims.iat + maxAgeSeconds];
    const known = limits.filter((limit): limit is number => typeof limit === 'number');
    if (known.length === 0) return; // a token without exp and iat is never remembered
    this.tokens.set(token, { claims, validUntilSeconds: Math.min(...known) });
    if (this.tokens.size > MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value as string);
  }

  /** The claims of a token checked before and not yet expired; undefined otherwise. */
  claimsOf(token: string, nowMs = Date.now()): VerifiedClaims | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    // jsonwebtoken refuses a token once the clock (in whole seconds) reaches exp or iat + maxAge.
    if (Math.floor(nowMs / 1000) >= entry.validUntilSeconds) {
      this.tokens.delete(token);
      return undefined;
    }
    return entry.claims;
  }
}
