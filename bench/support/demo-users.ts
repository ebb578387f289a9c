import { DEMO_USERS } from '../../prisma/seed';

/**
 * A demo user's e-mail and password as POST /auth/login takes them, from prisma/seed.ts
 * DEMO_USERS (`'coordinator'` or a full e-mail), so no benchmark types a password of its own.
 */
export function demoCredentials(who: string): { email: string; password: string } {
  const email = who.includes('@') ? who : `${who}@consilium.demo`;
  const found = DEMO_USERS.find((demo) => demo.email === email);
  if (!found) throw new Error(`${who} is not a demo user (prisma/seed.ts DEMO_USERS)`);
  return { email: found.email, password: found.password };
}
