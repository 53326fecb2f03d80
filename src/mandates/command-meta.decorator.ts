import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { CommandMeta } from '../../workflows/mandate/contract';
import { authorizationOf } from '../auth/decorators';
import { fieldErrors } from '../common/validation';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The request id's form, as a pattern the OpenAPI document states too. */
export const REQUEST_ID_PATTERN = '^[A-Za-z0-9_.:-]{1,200}$';
const REQUEST_ID = new RegExp(REQUEST_ID_PATTERN);

/**
 * Who issues a command (the verified caller: the token's subject, its display name and the roles it acts under)
 * and its request id (Idempotency-Key). The request id becomes the Temporal update id, so a retried request
 * applies once; without one, each request is new.
 */
export const Command = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const { principal, actedAs } = authorizationOf(req);
  const header = req.headers[IDEMPOTENCY_HEADER];
  const requestId = Array.isArray(header) ? header[0] : header;
  if (requestId !== undefined && !REQUEST_ID.test(requestId)) {
    throw fieldErrors([
      { field: 'Idempotency-Key', errors: ['the Idempotency-Key header must be 1-200 of letters, digits, . _ : -'] },
    ]);
  }
  return {
    actor: principal.actor,
    ...(principal.name !== undefined && { actorName: principal.name }),
    roles: actedAs,
    requestId: requestId ?? randomUUID(),
  };
});
