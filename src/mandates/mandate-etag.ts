import type { Request, Response } from 'express';
import type { MandateStateView } from '../../workflows/mandate/contract';
import { toMandateResponse } from './mandate.mapper';

/**
 * A weak validator of a mandate's representation: the mandate and the sequence of the last event its state reflects,
 * which the read model and the workflow agree on, and the day (UTC), because `overdue` turns with the date and not
 * with an event. Weak: both sources give the same state, not the same bytes (jsonb orders keys its own way).
 */
export function mandateEtag(state: MandateStateView, now = new Date()): string {
  return `W/"${state.mandateId}:${state.lastSequence}:${now.toISOString().slice(0, 10)}"`;
}

/**
 * Answers with the mandate's state and its ETag, or 304 with no body when `If-None-Match` names that ETag (express's
 * `req.fresh`: weak comparison, `*`, and a request's `Cache-Control: no-cache` honoured). Private: what an officer
 * may read is not what another may; no-cache: a client revalidates before each use.
 */
export function sendMandate(req: Request, res: Response, state: MandateStateView): void {
  res.setHeader('ETag', mandateEtag(state));
  res.setHeader('Cache-Control', 'private, no-cache');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.json(toMandateResponse(state));
}
