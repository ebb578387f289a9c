import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The ~49,000 most common passwords (zxcvbn-ts' common list, from breach corpora), lower-cased.
 * Loaded once; membership is a Set lookup.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  (dictionary['passwords-common'] as readonly string[]).map((password) => password.toLowerCase()),
);

/**
 * NIST SP 800-63B §5.1.1.2: length 12-128 (our policy), no composition rules, and refuse values
 * known to be commonly used. Also refuses a common password with digits or symbols appended
 * ("password123456"), and the user's own e-mail. Returns the problems, empty when acceptable.
 */
export function passwordProblems(password: string, context: { email?: string } = {}): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH)
    problems.push(`password must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH)
    problems.push(`password must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (COMMON_PASSWORDS.has(lower) || (stem.length >= 4 && stem !== lower && COMMON_PASSWORDS.has(stem))) {
    problems.push('password is too common: choose one that is not on lists of breached passwords');
  }
  if (
    context.email &&
    lower.includes(context.email.toLowerCase().split('@')[0] ?? '\u0000') &&
    (context.email.split('@')[0]?.length ?? 0) >= 4
  ) {
    problems.push('password must not contain your e-mail name');
  }
  return problems;
}
