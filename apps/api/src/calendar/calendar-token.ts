import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the feed URL's only credential. */
export function newCalendarToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up: SHA-256 of the token (hex). A database leak reveals no feed URL. */
export function hashCalendarToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tokens this module issues; anything else is refused before touching the database. */
export const CALENDAR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
