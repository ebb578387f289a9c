import { VerifiedTokens } from './verified-tokens';

describe(VerifiedTokens.name, () => {
  const at = (seconds: number): number => seconds * 1000;

  it('answers the claims of a remembered token until exp, as jsonwebtoken would', () => {
    const tokens = new VerifiedTokens();
    const claims = { sub: 'u1', tv: 0, iat: 1_000, exp: 1_900 };
    tokens.remember('t1', claims, 900);
    expect(tokens.claimsOf('t1', at(1_000))).toBe(claims);
    expect(tokens.claimsOf('t1', at(1_899) + 999)).toBe(claims);
    expect(tokens.claimsOf('t1', at(1_900))).toBeUndefined();
    // Forgotten once expired.
    expect(tokens.claimsOf('t1', at(1_000))).toBeUndefined();
  });

  it('stops at iat + maxAge when that comes before exp (a token signed with a longer life)', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t2', { sub: 'u1', tv: 0, iat: 1_000, exp: 99_000 }, 900);
    expect(tokens.claimsOf('t2', at(1_899))).toBeDefined();
    expect(tokens.claimsOf('t2', at(1_900))).toBeUndefined();
  });

  it('never remembers a token without exp or iat, and knows no other token', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t3', { sub: 'u1', tv: 0 }, 900);
    expect(tokens.claimsOf('t3', at(0))).toBeUndefined();
    expect(tokens.claimsOf('unknown', at(0))).toBeUndefined();
  });
});
