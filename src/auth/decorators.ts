import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Permission, POLICY, type Principal, type ReadScope, type Role, rolesHolding } from './policy';

/** What a route needs, read by the guard (./policy.guard.ts). */
export interface AccessRule {
  permission: Permission;
  /** The route parameter naming the mandate: its dependency must be in the caller's reach. */
  mandate?: string;
  /** Segregation of duties: the assignee in the body is not the caller. */
  notSelfAssigned?: boolean;
  /** Segregation of duties: the route parameter naming a report the caller did not submit. */
  notOwnReport?: string;
}

export const ACCESS_RULE = Symbol('mandate-tracker:access-rule');
export const PUBLIC_ROUTE = Symbol('mandate-tracker:public-route');

/** The security schemes declared in the OpenAPI document (see ./openapi.ts). */
export const BEARER_SCHEME = 'bearer';
export const OIDC_SCHEME = 'oidc';

/** The route needs this permission (and, for a mandate, that it be in the caller's reach). */
export function Allow(permission: Permission, options: Omit<AccessRule, 'permission'> = {}) {
  const holders = rolesHolding(permission);
  const scoped = Object.values(POLICY[permission]).includes('own-dependency');
  return applyDecorators(
    SetMetadata(ACCESS_RULE, { permission, ...options } satisfies AccessRule),
    ApiSecurity(BEARER_SCHEME),
    ApiSecurity(OIDC_SCHEME),
    ApiUnauthorizedResponse({ description: 'No access token, or an expired, malformed or wrongly signed one' }),
    ApiForbiddenResponse({
      description:
        `Needs \`${permission}\` (${holders.join(', ')})` +
        (scoped ? "; officers only on their dependency's mandates (others answer 404)" : ''),
    }),
  );
}

/** Open to anyone: the health check, the OpenAPI document, secret calendar feed URLs. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The caller the guard let through, with the roles it acted under and the mandates it may read. */
export interface Authorization {
  principal: Principal;
  actedAs: Role[];
  scope: ReadScope;
}

const AUTHORIZATION = Symbol('mandate-tracker:authorization');
type AuthorizedRequest = Request & { [AUTHORIZATION]?: Authorization };

export function setAuthorization(req: Request, authorization: Authorization): void {
  (req as AuthorizedRequest)[AUTHORIZATION] = authorization;
}

/** The request's authorization; a route reached without the guard's decision is a bug, not a caller's fault. */
export function authorizationOf(req: Request): Authorization {
  const authorization = (req as AuthorizedRequest)[AUTHORIZATION];
  if (!authorization) throw new Error('no authorization on this request: is the route missing @Allow?');
  return authorization;
}

/** The signed-in caller and what the guard decided for this route. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Authorization =>
  authorizationOf(ctx.switchToHttp().getRequest<Request>()),
);

/** Which mandates this read may show the caller. */
export const Scope = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ReadScope => authorizationOf(ctx.switchToHttp().getRequest<Request>()).scope,
);
