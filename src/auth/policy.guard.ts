import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { mandateIdProblem } from '../../workflows/mandate/fields';
import { MandateNotFound } from '../mandates/mandate-not-found.error';
import { AccessTokenVerifier, InvalidAccessToken } from './access-token.verifier';
import { ACCESS_RULE, type AccessRule, PUBLIC_ROUTE, setAuthorization } from './decorators';
import {
  authorize,
  isOwnReport,
  isSelfAssignment,
  type Principal,
  type ReadScope,
  refusal,
  RULE_OWN_REPORT_REVIEW,
  RULE_SELF_ASSIGNMENT,
} from './policy';

/** What the policy needs to know of a mandate (./mandate-facts.ts answers). */
export abstract class MandateFacts {
  /** Whether the mandate is assigned to a dependency in the scope; throws MandateNotFound for an unknown mandate. */
  abstract withinScope(mandateId: string, scope: ReadScope): Promise<boolean>;
  /** The actor who submitted the report (its ProgressReportSubmitted event), if there is one. */
  abstract submitterOf(mandateId: string, reportId: string): Promise<string | undefined>;
}

export const REALM = 'mandate-tracker';

function bearerToken(req: Request): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Every route goes through here (a global guard): no route is open unless it says so (`@Public`), and a route that
 * names no permission is refused. The caller is authenticated from the bearer token, the permission checked
 * against the policy, the mandate's dependency against the caller's reach (out of reach: 404, as if it did not
 * exist), and the segregation-of-duties rules; a refused command never reaches the workflow.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
    @Inject(MandateFacts) private readonly mandates: MandateFacts,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const principal = await this.authenticate(req, res);
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (!rule) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'this route grants no access' });
    }
    const decision = authorize(principal, rule.permission);
    if (!decision.allowed) {
      res.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="insufficient_scope"`);
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: refusal(decision),
        permission: rule.permission,
      });
    }
    const mandateId = rule.mandate === undefined ? undefined : req.params[rule.mandate];
    // A malformed id names no mandate: the id pipe's 404, after this guard.
    if (typeof mandateId === 'string' && !mandateIdProblem(mandateId)) {
      if (decision.scope.kind !== 'all' && !(await this.mandates.withinScope(mandateId, decision.scope))) {
        throw new MandateNotFound(mandateId);
      }
      await this.separateDuties(rule, req, principal, mandateId);
    }
    setAuthorization(req, { principal, actedAs: decision.actedAs, scope: decision.scope });
    return true;
  }

  private async authenticate(req: Request, res: Response): Promise<Principal> {
    try {
      return await this.verifier.verify(bearerToken(req));
    } catch (err) {
      if (!(err instanceof InvalidAccessToken)) throw err;
      const quoted = err.description.replace(/["\\]/g, '');
      res.setHeader(
        'WWW-Authenticate',
        err.presented
          ? `Bearer realm="${REALM}", error="invalid_token", error_description="${quoted}"`
          : `Bearer realm="${REALM}"`,
      );
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: err.description });
    }
  }

  private async separateDuties(rule: AccessRule, req: Request, principal: Principal, mandateId: string) {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    if (rule.notSelfAssigned && isSelfAssignment(principal, body)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        rule: RULE_SELF_ASSIGNMENT,
        message: 'nobody may assign a mandate to themself: name another officer',
      });
    }
    const reportId = rule.notOwnReport === undefined ? undefined : req.params[rule.notOwnReport];
    if (typeof reportId === 'string' && isOwnReport(principal, await this.mandates.submitterOf(mandateId, reportId))) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        rule: RULE_OWN_REPORT_REVIEW,
        message: `report ${reportId} was submitted by you: someone else must review it`,
      });
    }
  }
}
