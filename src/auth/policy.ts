/**
 * Who may do what: the one authorization policy of the API (and of the console to come). A route names the
 * permission it needs (`@Allow`); a role grants a permission over every mandate or over its dependency's only.
 * Pure code: the guard (./policy.guard.ts) loads what a decision needs and applies it.
 */

export const ROLES = ['secretariat', 'officer', 'auditor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** Over which mandates a role holds a permission. */
export type Reach = 'all' | 'own-dependency';

/**
 * The table. Secretariat: the commands that steer a mandate. Officers: follow-up and reports on their dependency's
 * mandates, which are all they read. Auditors: read everything, the audit routes, no command. Administrators:
 * operations only (no mandate command or read unless they also hold another role).
 */
export const POLICY = {
  'mandate:register': { secretariat: 'all' },
  'mandate:assign': { secretariat: 'all' },
  'mandate:reassign': { secretariat: 'all' },
  'mandate:set-schedule': { secretariat: 'all' },
  'mandate:extend-deadline': { secretariat: 'all' },
  'report:review': { secretariat: 'all' },
  'mandate:close': { secretariat: 'all' },
  'mandate:link': { secretariat: 'all' },
  'follow-up:record': { officer: 'own-dependency' },
  'report:submit': { officer: 'own-dependency' },
  'mandate:read': { secretariat: 'all', officer: 'own-dependency', auditor: 'all' },
  'notification:read': { secretariat: 'all', officer: 'own-dependency', auditor: 'all', administrator: 'all' },
  'calendar:read': { secretariat: 'all', officer: 'own-dependency', auditor: 'all' },
  'audit:history': { auditor: 'all' },
  'audit:export': { auditor: 'all' },
  'audit:verify': { auditor: 'all', administrator: 'all' },
  'operations:rebuild-read-model': { administrator: 'all' },
  'operations:rotate-keys': { administrator: 'all' },
  'operations:repair-history': { administrator: 'all' },
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Permission = keyof typeof POLICY;
export const PERMISSIONS = Object.keys(POLICY) as Permission[];

/** What a signed-in caller is, as the policy sees it (see ./principal.ts for how a token becomes one). */
export interface Principal {
  /** Who the events name: the token's subject, or `client:<client id>` for a machine client. */
  actor: string;
  name?: string;
  /** Other names the caller goes by (user name, e-mail), for the self-assignment rule. */
  aliases: string[];
  email?: string;
  machine: boolean;
  roles: Role[];
  /** The dependencies (stable identifiers: DPS, CICAD) the caller belongs to. */
  dependencyIds: string[];
}

/** Which mandates a read may show: all, or those assigned to one of these dependencies. */
export type ReadScope = { kind: 'all' } | { kind: 'dependencies'; dependencyIds: string[] };

export type Decision =
  | { allowed: false; permission: Permission; heldBy: Role[] }
  | { allowed: true; permission: Permission; scope: ReadScope; actedAs: Role[] };

/** Roles that hold a permission, in the table's order. */
export function rolesHolding(permission: Permission): Role[] {
  return ROLES.filter((role) => role in POLICY[permission]);
}

/**
 * Whether the caller holds the permission, over which mandates, and under which of their roles. A caller with
 * several roles gets the widest reach among those that hold it.
 */
export function authorize(principal: Principal, permission: Permission): Decision {
  const grants: Partial<Record<Role, Reach>> = POLICY[permission];
  const actedAs = principal.roles.filter((role) => grants[role] !== undefined);
  if (actedAs.length === 0) return { allowed: false, permission, heldBy: rolesHolding(permission) };
  const scope: ReadScope = actedAs.some((role) => grants[role] === 'all')
    ? { kind: 'all' }
    : { kind: 'dependencies', dependencyIds: [...principal.dependencyIds] };
  return { allowed: true, permission, scope, actedAs };
}

/** Whether a mandate assigned to `dependencyId` (undefined: not assigned, or before identifiers) is in scope. */
export function inScope(scope: ReadScope, dependencyId: string | undefined): boolean {
  return scope.kind === 'all' || (dependencyId !== undefined && scope.dependencyIds.includes(dependencyId));
}

/** The message of a 403: which permission was missing, and which roles hold it. */
export function refusal(decision: Extract<Decision, { allowed: false }>): string {
  const holders = decision.heldBy.length > 0 ? decision.heldBy.join(' or ') : 'no role';
  return `this needs the permission ${decision.permission}, held by ${holders}`;
}

// --- Segregation of duties. The submitter of a report is the actor of its ProgressReportSubmitted event.

export const RULE_SELF_ASSIGNMENT = 'no-self-assignment';
export const RULE_OWN_REPORT_REVIEW = 'no-review-of-own-report';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Nobody assigns (or reassigns) a mandate to themself: the officer named is not the caller, by any name. */
export function isSelfAssignment(
  principal: Principal,
  assignee: { officer?: unknown; officerEmail?: unknown },
): boolean {
  const names = [principal.actor, ...principal.aliases];
  const officer = typeof assignee.officer === 'string' ? assignee.officer : undefined;
  const email = typeof assignee.officerEmail === 'string' ? assignee.officerEmail : undefined;
  return (
    (officer !== undefined && names.some((n) => same(n, officer))) ||
    (email !== undefined && principal.email !== undefined && same(email, principal.email))
  );
}

/** Whoever submitted a report cannot review it. */
export function isOwnReport(principal: Principal, submitter: string | undefined): boolean {
  return submitter !== undefined && submitter === principal.actor;
}
