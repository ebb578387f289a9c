import { Role, Specialty } from '@prisma/client';

/** One group of the identity provider and what its members get in Consilium. */
export interface OidcGroupMapping {
  /** The group's value in the groups claim (a name, a path such as /mdt/crc, or an object id). */
  readonly group: string;
  /** The board (by name) its members belong to; omitted = a role only, no board. */
  readonly board?: string;
  readonly role: Role;
  readonly specialty?: Specialty;
}

/** One OpenID provider (a hospital's Keycloak, Entra ID, ADFS...). */
export interface OidcProviderConfig {
  /** Lower-case id used in URLs: /auth/oidc/<id>/login. */
  readonly id: string;
  /** Shown on the button: "Sign in with <label>". */
  readonly label: string;
  readonly issuer: string;
  readonly clientId: string;
  /** Confidential client (client_secret_basic); omitted = a public client (PKCE only). */
  readonly clientSecret?: string;
  readonly scopes: readonly string[];
  /** Claim (dot path, e.g. realm_access.roles) whose values are mapped to roles by roleMap. */
  readonly rolesClaim: string;
  /** Value of the roles claim -> Consilium role. */
  readonly roleMap: Readonly<Record<string, Role>>;
  /** Claim (dot path) listing the user's groups. */
  readonly groupsClaim: string;
  readonly groupMap: readonly OidcGroupMapping[];
  /** An existing account with the same, provider-verified e-mail is linked on first sign-in. */
  readonly linkByEmail: boolean;
  /** Plain http to the provider (only for a loopback issuer outside production: tests, local Keycloak). */
  readonly allowHttp: boolean;
}

export interface OidcConfig {
  readonly providers: readonly OidcProviderConfig[];
  /** POST /auth/login with e-mail and password; false when every user signs in through a provider. */
  readonly passwordLogin: boolean;
}

const ROLES = Object.values(Role) as string[];
const SPECIALTIES = Object.values(Specialty) as string[];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function parseJson(value: string, variable: string, problems: string[]): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    problems.push(`${variable} must be JSON`);
    return undefined;
  }
}

function roleMapOf(value: string | undefined, variable: string, problems: string[]): Record<string, Role> {
  // Default: a value spelled like one of our roles (any case) is that role.
  if (!value)
    return Object.fromEntries(
      ROLES.flatMap((role) => [
        [role, role as Role],
        [role.toLowerCase(), role as Role],
      ]),
    );
  const map: Record<string, Role> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [claimValue, role] = entry.split('=').map((part) => part.trim());
    if (!claimValue || !role || !ROLES.includes(role)) {
      problems.push(`${variable}: "${entry}" must be <claim value>=<${ROLES.join('|')}>`);
      continue;
    }
    map[claimValue] = role as Role;
  }
  return map;
}

function groupMapOf(value: string | undefined, variable: string, problems: string[]): OidcGroupMapping[] {
  if (!value) return [];
  const parsed = parseJson(value, variable, problems);
  if (parsed === undefined) return [];
  if (!Array.isArray(parsed)) {
    problems.push(`${variable} must be a JSON array of {"group","board","role","specialty"}`);
    return [];
  }
  const mappings: OidcGroupMapping[] = [];
  parsed.forEach((item: unknown, index) => {
    const at = `${variable}[${index}]`;
    if (typeof item !== 'object' || item === null) {
      problems.push(`${at} must be an object`);
      return;
    }
    const { group, board, role, specialty, ...rest } = item as Record<string, unknown>;
    const before = problems.length;
    if (typeof group !== 'string' || group === '') problems.push(`${at}.group must be a non-empty string`);
    if (board !== undefined && (typeof board !== 'string' || board === ''))
      problems.push(`${at}.board must be a board name`);
    if (typeof role !== 'string' || !ROLES.includes(role))
      problems.push(`${at}.role must be one of ${ROLES.join(', ')}`);
    if (specialty !== undefined && (typeof specialty !== 'string' || !SPECIALTIES.includes(specialty)))
      problems.push(`${at}.specialty must be one of ${SPECIALTIES.join(', ')}`);
    if (role === 'CLINICIAN' && specialty === undefined)
      problems.push(`${at}.specialty is required for the CLINICIAN role (quorum counts specialties)`);
    if (Object.keys(rest).length > 0) problems.push(`${at} has unknown keys: ${Object.keys(rest).join(', ')}`);
    if (problems.length > before) return;
    mappings.push({
      group: group as string,
      board: board as string | undefined,
      role: role as Role,
      specialty: specialty as Specialty | undefined,
    });
  });
  return mappings;
}

/**
 * The OpenID providers of the deployment, from OIDC_PROVIDERS=<id>,<id> and, per provider,
 * OIDC_<ID>_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _LABEL, _SCOPES, _ROLES_CLAIM, _ROLE_MAP,
 * _GROUPS_CLAIM, _GROUP_MAP (JSON), _LINK_BY_EMAIL. Problems are appended to `problems`, each
 * naming its variable.
 */
export function loadOidcConfig(
  env: Readonly<Record<string, string | undefined>>,
  nodeEnv: string,
  problems: string[],
): OidcConfig {
  const ids = (env.OIDC_PROVIDERS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const providers: OidcProviderConfig[] = [];
  for (const id of ids) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(id)) {
      problems.push(`OIDC_PROVIDERS: "${id}" must be 1-31 lower-case letters, digits or "-", starting with a letter`);
      continue;
    }
    if (providers.some((provider) => provider.id === id)) {
      problems.push(`OIDC_PROVIDERS: "${id}" is listed twice`);
      continue;
    }
    const prefix = `OIDC_${id.toUpperCase().replace(/-/g, '_')}_`;
    const read = (name: string): string | undefined => env[`${prefix}${name}`] || undefined;
    const issuer = read('ISSUER');
    const clientId = read('CLIENT_ID');
    let allowHttp = false;
    if (!issuer) problems.push(`${prefix}ISSUER must be set (the provider's issuer URL)`);
    else {
      try {
        const url = new URL(issuer);
        allowHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname) && nodeEnv !== 'production';
        if (url.protocol !== 'https:' && !allowHttp)
          problems.push(`${prefix}ISSUER must be an https:// URL (http only for a loopback issuer outside production)`);
      } catch {
        problems.push(`${prefix}ISSUER must be a URL`);
      }
    }
    if (!clientId) problems.push(`${prefix}CLIENT_ID must be set`);
    const linkByEmail = read('LINK_BY_EMAIL') ?? 'false';
    if (!['true', 'false'].includes(linkByEmail)) problems.push(`${prefix}LINK_BY_EMAIL must be true or false`);
    providers.push({
      id,
      label: read('LABEL') ?? id,
      issuer: issuer ?? '',
      clientId: clientId ?? '',
      clientSecret: read('CLIENT_SECRET'),
      scopes: (read('SCOPES') ?? 'openid profile email').split(/[\s,]+/).filter(Boolean),
      rolesClaim: read('ROLES_CLAIM') ?? 'roles',
      roleMap: roleMapOf(read('ROLE_MAP'), `${prefix}ROLE_MAP`, problems),
      groupsClaim: read('GROUPS_CLAIM') ?? 'groups',
      groupMap: groupMapOf(read('GROUP_MAP'), `${prefix}GROUP_MAP`, problems),
      linkByEmail: linkByEmail === 'true',
      allowHttp,
    });
    if (!providers.at(-1)?.scopes.includes('openid')) problems.push(`${prefix}SCOPES must include openid`);
  }
  const passwordLogin = env.PASSWORD_LOGIN ?? 'enabled';
  if (!['enabled', 'disabled'].includes(passwordLogin)) problems.push('PASSWORD_LOGIN must be enabled or disabled');
  if (passwordLogin === 'disabled' && providers.length === 0)
    problems.push('PASSWORD_LOGIN=disabled needs at least one provider in OIDC_PROVIDERS (nobody could sign in)');
  return { providers, passwordLogin: passwordLogin !== 'disabled' };
}
