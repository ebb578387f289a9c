import { loadConfig, type OidcProviderConfig } from '@consilium/config';
import { assertedIdentity, claimAt, grantedAccess } from './oidc-claims';

const GROUP_MAP = JSON.stringify([
  { group: '/mdt/crc/surgeons', board: 'Colorectal MDT', role: 'CLINICIAN', specialty: 'COLORECTAL_SURGERY' },
  { group: '/mdt/crc/oncology', board: 'Colorectal MDT', role: 'CLINICIAN', specialty: 'MEDICAL_ONCOLOGY' },
  { group: '/mdt/ugi/coordinators', board: 'Upper GI MDT', role: 'COORDINATOR' },
  { group: 'consilium-auditors', role: 'AUDITOR' },
]);

function provider(extra: Record<string, string> = {}): OidcProviderConfig {
  const config = loadConfig({
    OIDC_PROVIDERS: 'hospital',
    OIDC_HOSPITAL_ISSUER: 'https://idp.example/realms/h',
    OIDC_HOSPITAL_CLIENT_ID: 'consilium',
    OIDC_HOSPITAL_GROUP_MAP: GROUP_MAP,
    ...extra,
  });
  return config.auth.oidc.providers[0]!;
}

describe(grantedAccess.name, () => {
  it.each([
    ['no groups, no roles', {}, { roles: [], specialty: null, boards: [] }],
    [
      'one clinical group',
      { groups: ['/mdt/crc/surgeons'] },
      { roles: ['CLINICIAN'], specialty: 'COLORECTAL_SURGERY', boards: ['Colorectal MDT'] },
    ],
    [
      'two groups of one board: the first specialty of the map wins',
      { groups: ['/mdt/crc/oncology', '/mdt/crc/surgeons'] },
      { roles: ['CLINICIAN'], specialty: 'COLORECTAL_SURGERY', boards: ['Colorectal MDT'] },
    ],
    [
      'groups of two boards and a role-only group',
      { groups: ['/mdt/ugi/coordinators', '/mdt/crc/oncology', 'consilium-auditors'] },
      {
        roles: ['COORDINATOR', 'CLINICIAN', 'AUDITOR'],
        specialty: 'MEDICAL_ONCOLOGY',
        boards: ['Colorectal MDT', 'Upper GI MDT'],
      },
    ],
    ['an unmapped group grants nothing', { groups: ['/staff/all'] }, { roles: [], specialty: null, boards: [] }],
    [
      'the roles claim, spelled like our roles (default map)',
      { roles: ['admin', 'SOMETHING'] },
      { roles: ['ADMIN'], specialty: null, boards: [] },
    ],
    [
      'a single string claim counts as a list of one',
      { groups: '/mdt/ugi/coordinators' },
      { roles: ['COORDINATOR'], specialty: null, boards: ['Upper GI MDT'] },
    ],
    [
      'a claim of the wrong type grants nothing',
      { groups: { '/mdt/ugi/coordinators': true }, roles: 42 },
      { roles: [], specialty: null, boards: [] },
    ],
  ])('%s', (_name, claims, expected) => {
    expect(grantedAccess(provider(), claims)).toMatchObject(expected);
  });

  it('reads nested claims (Keycloak realm_access.roles) through an explicit role map', () => {
    const keycloak = provider({
      OIDC_HOSPITAL_ROLES_CLAIM: 'realm_access.roles',
      OIDC_HOSPITAL_ROLE_MAP: 'mdt-admin=ADMIN, mdt-audit=AUDITOR',
    });
    expect(
      grantedAccess(keycloak, { realm_access: { roles: ['mdt-audit', 'admin', 'offline_access'] } }),
    ).toMatchObject({ roles: ['AUDITOR'], matchedRoles: ['mdt-audit'] });
    expect(claimAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(claimAt({ a: 'x' }, 'a.b')).toBeUndefined();
  });

  it('does not take inherited properties of the role map for roles', () => {
    expect(
      grantedAccess(provider({ OIDC_HOSPITAL_ROLE_MAP: 'x=ADMIN' }), {
        roles: ['constructor', 'toString', '__proto__'],
      }).roles,
    ).toEqual([]);
  });
});

describe(assertedIdentity.name, () => {
  it('takes sub, the lower-cased e-mail and its verification, and a display name', () => {
    expect(
      assertedIdentity({
        sub: 'abc',
        email: ' Olga.O@Hospital.Example ',
        email_verified: true,
        given_name: 'Olga',
        family_name: 'Onco',
      }),
    ).toEqual({ subject: 'abc', email: 'olga.o@hospital.example', emailVerified: true, displayName: 'Olga Onco' });
    expect(assertedIdentity({ sub: 'abc', preferred_username: 'u@h.example', email_verified: 'true' })).toEqual({
      subject: 'abc',
      email: 'u@h.example',
      emailVerified: false,
      displayName: 'u@h.example',
    });
  });
});

describe('OIDC configuration', () => {
  it.each([
    [{ OIDC_PROVIDERS: 'Bad Id' }, 'OIDC_PROVIDERS'],
    [{ OIDC_PROVIDERS: 'h' }, 'OIDC_H_ISSUER'],
    [
      { OIDC_PROVIDERS: 'h', OIDC_H_ISSUER: 'http://idp.example', OIDC_H_CLIENT_ID: 'c' },
      'OIDC_H_ISSUER must be an https',
    ],
    [
      { OIDC_PROVIDERS: 'h', OIDC_H_ISSUER: 'https://idp.example', OIDC_H_CLIENT_ID: 'c', OIDC_H_GROUP_MAP: '{' },
      'OIDC_H_GROUP_MAP must be JSON',
    ],
    [
      {
        OIDC_PROVIDERS: 'h',
        OIDC_H_ISSUER: 'https://idp.example',
        OIDC_H_CLIENT_ID: 'c',
        OIDC_H_GROUP_MAP: '[{"group":"g","role":"CLINICIAN"}]',
      },
      'OIDC_H_GROUP_MAP[0].specialty is required',
    ],
    [
      {
        OIDC_PROVIDERS: 'h',
        OIDC_H_ISSUER: 'https://idp.example',
        OIDC_H_CLIENT_ID: 'c',
        OIDC_H_GROUP_MAP: '[{"group":"g","role":"KING","colour":1}]',
      },
      'OIDC_H_GROUP_MAP[0].role must be one of',
    ],
    [
      { OIDC_PROVIDERS: 'h', OIDC_H_ISSUER: 'https://idp.example', OIDC_H_CLIENT_ID: 'c', OIDC_H_ROLE_MAP: 'a=KING' },
      'OIDC_H_ROLE_MAP',
    ],
    [
      { OIDC_PROVIDERS: 'h', OIDC_H_ISSUER: 'https://idp.example', OIDC_H_CLIENT_ID: 'c', OIDC_H_SCOPES: 'profile' },
      'OIDC_H_SCOPES must include openid',
    ],
    [{ PASSWORD_LOGIN: 'disabled' }, 'PASSWORD_LOGIN=disabled needs at least one provider'],
    [
      {
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        AUDIT_SIGNING_KEY: 'k',
        OIDC_PROVIDERS: 'h',
        OIDC_H_ISSUER: 'http://127.0.0.1:9000',
        OIDC_H_CLIENT_ID: 'c',
      },
      'OIDC_H_ISSUER must be an https',
    ],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads several providers, a loopback http issuer outside production, and the password switch', () => {
    const config = loadConfig({
      PASSWORD_LOGIN: 'disabled',
      OIDC_PROVIDERS: 'north, south-2',
      OIDC_NORTH_ISSUER: 'http://127.0.0.1:9000/realms/north',
      OIDC_NORTH_CLIENT_ID: 'consilium',
      OIDC_NORTH_LABEL: 'North Hospital',
      OIDC_SOUTH_2_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_SOUTH_2_CLIENT_ID: 'app-id',
      OIDC_SOUTH_2_CLIENT_SECRET: 'secret',
      OIDC_SOUTH_2_SCOPES: 'openid profile email offline_access',
    });
    expect(config.auth.oidc.passwordLogin).toBe(false);
    expect(
      config.auth.oidc.providers.map((each) => [
        each.id,
        each.label,
        each.allowHttp,
        each.clientSecret ?? null,
        each.scopes.join(' '),
      ]),
    ).toEqual([
      ['north', 'North Hospital', true, null, 'openid profile email'],
      ['south-2', 'south-2', false, 'secret', 'openid profile email offline_access'],
    ]);
  });
});
