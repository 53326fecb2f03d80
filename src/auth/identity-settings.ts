import type { AppConfig } from '../config/app-config';
import { requireSetting } from '../config/require-setting';
import { type Role, ROLES } from './policy';
import type { ClaimSettings } from './principal';

/** How the API checks access tokens and reads callers from them (the OIDC_* variables, validated at boot). */
export interface IdentitySettings extends ClaimSettings {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  jwksCooldownSeconds: number;
  consoleClientId: string;
}

/** OIDC_ROLE_MAP (`secretariat=Mandates.Secretariat,officer=a|b`); a role it does not name keeps its own name. */
export function roleMapFrom(value: string | undefined): Record<Role, string[]> {
  const map = Object.fromEntries(ROLES.map((role) => [role, [role]])) as Record<Role, string[]>;
  for (const pair of value ? value.split(',') : []) {
    const [role, names] = pair.split('=') as [Role, string];
    map[role] = names.split('|');
  }
  return map;
}

export function identitySettingsFrom(config: AppConfig): IdentitySettings {
  return {
    issuer: requireSetting(config, 'OIDC_ISSUER_URL'),
    audience: config.OIDC_AUDIENCE,
    ...(config.OIDC_JWKS_URL !== undefined && { jwksUrl: config.OIDC_JWKS_URL }),
    algorithms: config.OIDC_ALGORITHMS.split(','),
    clockToleranceSeconds: config.OIDC_CLOCK_TOLERANCE_SECONDS,
    jwksCooldownSeconds: config.OIDC_JWKS_COOLDOWN_SECONDS,
    rolesClaim: config.OIDC_ROLES_CLAIM,
    dependencyClaim: config.OIDC_DEPENDENCY_CLAIM,
    nameClaim: config.OIDC_NAME_CLAIM,
    roleMap: roleMapFrom(config.OIDC_ROLE_MAP),
    consoleClientId: config.OIDC_CONSOLE_CLIENT_ID,
  };
}
