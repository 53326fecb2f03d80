import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { CommandMeta } from '../../workflows/mandate/contract';
import { type FieldError, fieldErrors } from '../common/validation';

export const ACTOR_HEADER = 'x-actor';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Who issues a command, and a request id: as patterns the OpenAPI document states too. */
export const ACTOR_PATTERN = '^[A-Za-z0-9_.@+-]{1,200}$';
export const REQUEST_ID_PATTERN = '^[A-Za-z0-9_.:-]{1,200}$';
const ACTOR = new RegExp(ACTOR_PATTERN);
const REQUEST_ID = new RegExp(REQUEST_ID_PATTERN);

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Who issues a command (X-Actor; authentication comes later) and its request id (Idempotency-Key). The request
 * id becomes the Temporal update id, so a retried request applies once; without one, each request is new.
 */
export const Command = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const actor = header(req, ACTOR_HEADER);
  const requestId = header(req, IDEMPOTENCY_HEADER);
  const fields: FieldError[] = [];
  if (!actor || !ACTOR.test(actor)) {
    fields.push({
      field: 'X-Actor',
      errors: ['the X-Actor header must name who issues the command (letters, digits, . _ @ + -)'],
    });
  }
  if (requestId !== undefined && !REQUEST_ID.test(requestId)) {
    fields.push({
      field: 'Idempotency-Key',
      errors: ['the Idempotency-Key header must be 1-200 of letters, digits, . _ : -'],
    });
  }
  if (fields.length > 0) throw fieldErrors(fields);
  return { actor: actor!, requestId: requestId ?? randomUUID() };
});
