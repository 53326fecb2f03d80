import { loadConfig } from '../config/app-config';
import { identitySettingsFrom, roleMapFrom } from './identity-settings';
import { type ClaimSettings, claimAt, principalFrom, UnusableToken } from './principal';

const DEFAULTS: ClaimSettings = {
  rolesClaim: 'roles',
  dependencyClaim: 'dependency',
  nameClaim: 'name',
  roleMap: roleMapFrom(undefined),
};

describe(principalFrom.name, () => {
  it("reads the embedded provider's tokens: subject, name, roles, dependency", () => {
    const principal = principalFrom(
      {
        sub: 'maria.gonzalez',
        name: 'María González',
        preferred_username: 'maria.gonzalez',
        email: 'maria.gonzalez@example.org',
        roles: ['officer'],
        dependency: 'DPS',
        client_id: 'mandate-cli',
      },
      DEFAULTS,
    );
    expect(principal).toEqual({
      actor: 'maria.gonzalez',
      name: 'María González',
      aliases: ['maria.gonzalez@example.org', 'María González'],
      email: 'maria.gonzalez@example.org',
      machine: false,
      roles: ['officer'],
      dependencyIds: ['DPS'],
    });
  });

  it('marks a client-credentials token (sub = client_id) as a machine client, client:<id>', () => {
    const principal = principalFrom(
      { sub: 'nightly-import', client_id: 'nightly-import', name: 'Nightly import', roles: ['secretariat'] },
      DEFAULTS,
    );
    expect(principal).toMatchObject({
      actor: 'client:nightly-import',
      name: 'Nightly import',
      machine: true,
      roles: ['secretariat'],
    });
  });

  it("marks Entra ID's app-only tokens (idtyp: app) as machine clients, named by azp", () => {
    const principal = principalFrom(
      { sub: '0b7c-sp-object-id', azp: '5f1e-app-id', idtyp: 'app', roles: ['Mandates.Import'] },
      { ...DEFAULTS, roleMap: roleMapFrom('secretariat=Mandates.Secretariat|Mandates.Import') },
    );
    expect(principal).toMatchObject({ actor: 'client:5f1e-app-id', machine: true, roles: ['secretariat'] });
  });

  it('refuses a person whose subject looks like a machine client', () => {
    expect(() => principalFrom({ sub: 'client:nightly-import', client_id: 'mandate-cli' }, DEFAULTS)).toThrow(
      UnusableToken,
    );
  });

  it('refuses a token without a usable subject', () => {
    for (const sub of [undefined, '', 'has space', 'x'.repeat(201), 42]) {
      expect(() => principalFrom({ sub }, DEFAULTS)).toThrow('the access token names no subject that can act');
    }
  });

  it("reads Keycloak's realm roles through a dotted path and maps role names", () => {
    const principal = principalFrom(
      {
        sub: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
        preferred_username: 'jorge.ramirez',
        given_name: 'Jorge',
        realm_access: { roles: ['offline_access', 'oas-officer'] },
        oas: { dependency: ['CICAD', 'not a code'] },
      },
      {
        rolesClaim: 'realm_access.roles',
        dependencyClaim: 'oas.dependency',
        nameClaim: 'preferred_username',
        roleMap: roleMapFrom('officer=oas-officer,secretariat=oas-secretariat'),
      },
    );
    expect(principal).toMatchObject({
      actor: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
      name: 'jorge.ramirez',
      roles: ['officer'],
      dependencyIds: ['CICAD'],
    });
  });

  it('grants no role for a name that only looks like one, and keeps one-line names only', () => {
    const principal = principalFrom({ sub: 'u1', roles: 'Secretariat officer', name: 'two\nlines' }, DEFAULTS);
    expect(principal.roles).toEqual(['officer']);
    expect(principal.name).toBeUndefined();
  });
});

describe(claimAt.name, () => {
  it('finds a claim whose name has dots before walking a path', () => {
    const claims = { 'https://oas.org/roles': ['a'], https: { x: 1 }, realm_access: { roles: ['b'] } };
    expect(claimAt(claims, 'https://oas.org/roles')).toEqual(['a']);
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['b']);
    expect(claimAt(claims, 'realm_access.roles.x')).toBeUndefined();
  });
});

describe(identitySettingsFrom.name, () => {
  it('reads the OIDC variables, role names defaulting to their own', () => {
    const settings = identitySettingsFrom(
      loadConfig({
        OIDC_ISSUER_URL: 'https://login.example.org/realms/oas',
        OIDC_ROLE_MAP: 'secretariat=Mandates.Secretariat|SG-Secretariat,auditor=Mandates.Auditor',
        OIDC_ROLES_CLAIM: 'realm_access.roles',
      }),
    );
    expect(settings).toMatchObject({
      issuer: 'https://login.example.org/realms/oas',
      audience: 'urn:mandate-tracker:api',
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      rolesClaim: 'realm_access.roles',
      roleMap: {
        secretariat: ['Mandates.Secretariat', 'SG-Secretariat'],
        officer: ['officer'],
        auditor: ['Mandates.Auditor'],
        administrator: ['administrator'],
      },
    });
  });

  it('needs an issuer outside npm start', () => {
    expect(() => identitySettingsFrom(loadConfig({}))).toThrow('OIDC_ISSUER_URL must be set');
  });

  it.each(['none', 'HS256', 'RS256,HS256', 'RS256,none', 'rs256'])('refuses OIDC_ALGORITHMS=%s', (algorithms) => {
    expect(() => loadConfig({ OIDC_ALGORITHMS: algorithms })).toThrow('OIDC_ALGORITHMS must be asymmetric');
  });

  it('refuses a role map naming an unknown role', () => {
    expect(() => loadConfig({ OIDC_ROLE_MAP: 'superuser=admins' })).toThrow('OIDC_ROLE_MAP must be role=name pairs');
  });
});
