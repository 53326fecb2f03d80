/**
 * From a verified access token's claims to the caller the policy and the events name. Which claims carry the roles,
 * the dependency and the display name is configuration (OIDC_*_CLAIM, OIDC_ROLE_MAP), so that tokens of the
 * embedded provider, Keycloak or Entra ID work alike. Pure code.
 */
import { actorProblem, dependencyIdProblem, MAX_LENGTH, textProblem } from '../../workflows/mandate/fields';
import { type Principal, type Role, ROLES } from './policy';

/** Machine clients act as `client:<client id>`; a user's subject may not look like one. */
export const CLIENT_ACTOR_PREFIX = 'client:';

export interface ClaimSettings {
  /** Dotted paths into the claims (`realm_access.roles`). */
  rolesClaim: string;
  dependencyClaim: string;
  nameClaim: string;
  /** For each role of the application, the role names in tokens that grant it. */
  roleMap: Record<Role, string[]>;
}

/** A token that verified but cannot name a caller (a 401, like any other bad token). */
export class UnusableToken extends Error {
  constructor(readonly description: string) {
    super(description);
    this.name = 'UnusableToken';
  }
}

/** The value at a dotted path; a claim whose own name has dots (`https://example.org/roles`) is found first. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A claim holding names: an array of strings, or one space-separated string (as `scope` is). */
function names(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function oneLine(value: unknown): string | undefined {
  return textProblem(value, MAX_LENGTH.actorName, false) === undefined ? (value as string) : undefined;
}

/**
 * A machine client's token (client-credentials grant): RFC 9068 gives it the client's id as `sub` and
 * `client_id` (the embedded provider, Keycloak's `azp`); Entra ID marks it `idtyp: app`.
 */
function machineClientId(claims: Record<string, unknown>, sub: string): string | undefined {
  if (claims.client_id === sub || claims.azp === sub) return sub;
  if (claims.idtyp === 'app') return names(claims.azp ?? claims.appid)[0] ?? sub;
  return undefined;
}

export function principalFrom(claims: Record<string, unknown>, settings: ClaimSettings): Principal {
  const sub = claims.sub;
  if (typeof sub !== 'string' || actorProblem(sub)) {
    throw new UnusableToken('the access token names no subject that can act');
  }
  const clientId = machineClientId(claims, sub);
  if (clientId === undefined && sub.startsWith(CLIENT_ACTOR_PREFIX)) {
    throw new UnusableToken(`a user's subject cannot begin with ${CLIENT_ACTOR_PREFIX}`);
  }
  const actor = clientId === undefined ? sub : `${CLIENT_ACTOR_PREFIX}${clientId}`;
  if (actorProblem(actor)) throw new UnusableToken('the access token names no subject that can act');

  const held = names(claimAt(claims, settings.rolesClaim));
  const roles = ROLES.filter((role) => settings.roleMap[role].some((name) => held.includes(name)));
  const dependency = claimAt(claims, settings.dependencyClaim);
  const dependencyIds = names(dependency).filter((id) => dependencyIdProblem(id) === undefined);
  const name = oneLine(claimAt(claims, settings.nameClaim)) ?? clientId;
  const email = oneLine(claims.email);
  const aliases = [sub, oneLine(claims.preferred_username), email, name].filter(
    (n): n is string => n !== undefined && n !== actor,
  );
  return {
    actor,
    ...(name !== undefined && { name }),
    aliases: [...new Set(aliases)],
    ...(email !== undefined && { email }),
    machine: clientId !== undefined,
    roles,
    dependencyIds: [...new Set(dependencyIds)],
  };
}
