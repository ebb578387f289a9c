import type { Role, Specialty } from '@prisma/client';
import type { OidcProviderConfig } from '@consilium/config';

/** What a provider's claims grant in Consilium. */
export interface GrantedAccess {
  readonly roles: Role[];
  readonly specialty: Specialty | null;
  /** Board names, in the order of the provider's group map. */
  readonly boards: string[];
  /** The claim values that matched a mapping (for the audit detail; never the whole claim). */
  readonly matchedGroups: string[];
  readonly matchedRoles: string[];
}

/** The identity a provider asserts (from the verified ID token, or userinfo). */
export interface AssertedIdentity {
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly displayName: string;
}

const ROLE_ORDER: readonly Role[] = ['COORDINATOR', 'CLINICIAN', 'AUDITOR', 'ADMIN'];

/** The value at a dot path ("realm_access.roles") of a claims object. */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
      claims,
    );
}

/** A claim as a list of strings: an array of strings, or one string (Entra sends one role as an array, ADFS sometimes as a string). */
function stringsAt(claims: Readonly<Record<string, unknown>>, path: string): string[] {
  const value = claimAt(claims, path);
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Maps the provider's claims to roles, specialty and boards (issue 18): the roles claim through
 * the role map, and every group of the group map the user is in adds its role, its board and
 * its specialty (the first mapped specialty wins, in the order of the map). Applied at each
 * sign-in, so a user taken out of a group loses what it granted.
 */
export function grantedAccess(
  provider: Pick<OidcProviderConfig, 'rolesClaim' | 'roleMap' | 'groupsClaim' | 'groupMap'>,
  claims: Readonly<Record<string, unknown>>,
): GrantedAccess {
  const roles = new Set<Role>();
  const matchedRoles: string[] = [];
  for (const value of stringsAt(claims, provider.rolesClaim)) {
    const role = Object.hasOwn(provider.roleMap, value) ? provider.roleMap[value] : undefined;
    if (role) {
      roles.add(role);
      matchedRoles.push(value);
    }
  }
  const groups = new Set(stringsAt(claims, provider.groupsClaim));
  const boards: string[] = [];
  const matchedGroups: string[] = [];
  let specialty: Specialty | null = null;
  for (const mapping of provider.groupMap) {
    if (!groups.has(mapping.group)) continue;
    matchedGroups.push(mapping.group);
    roles.add(mapping.role);
    if (mapping.board && !boards.includes(mapping.board)) boards.push(mapping.board);
    specialty ??= mapping.specialty ?? null;
  }
  return {
    roles: ROLE_ORDER.filter((role) => roles.has(role)),
    specialty,
    boards,
    matchedGroups: [...new Set(matchedGroups)],
    matchedRoles: [...new Set(matchedRoles)],
  };
}

/** The identity in the claims: `sub`, the e-mail (lower-cased) and a display name. */
export function assertedIdentity(claims: Readonly<Record<string, unknown>>): AssertedIdentity {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const emailClaim =
    typeof claims.email === 'string'
      ? claims.email
      : typeof claims.preferred_username === 'string' && claims.preferred_username.includes('@')
        ? claims.preferred_username
        : null;
  const email = emailClaim?.trim().toLowerCase() ?? null;
  const name =
    typeof claims.name === 'string' && claims.name.trim()
      ? claims.name.trim()
      : [claims.given_name, claims.family_name]
          .filter((part): part is string => typeof part === 'string')
          .join(' ')
          .trim();
  return {
    subject,
    email,
    emailVerified: claims.email_verified === true,
    displayName: (name || email || subject).slice(0, 200),
  };
}
