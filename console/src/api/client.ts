import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Mandate = Schemas['MandateResponse'];
export type MandateEvent = Schemas['MandateEventResponse'];

/** The BFF's door to the API: same origin, the session cookie, never a token (src/console/use-console.ts). */
export const API_BASE = '/console/api';

/** One field the API refused, and why (its 400 answers name each). */
export interface FieldProblem {
  field: string;
  errors: string[];
}

/** An answer of the API other than a success, with what its body says. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message?: string | string[]; fields?: FieldProblem[]; rule?: string; permission?: string },
  ) {
    super(Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? `HTTP ${status}`));
  }

  /** The errors of one field (a 400), joined, or undefined. */
  fieldError(field: string): string | undefined {
    const errors = this.body.fields?.filter((f) => f.field === field).flatMap((f) => f.errors);
    return errors && errors.length > 0 ? errors.join('; ') : undefined;
  }
}

let csrfToken: string | undefined;

/** The session's CSRF token, sent on every unsafe request (the BFF refuses them without it). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** Called when the session has ended (a 401): the app shows the sign-in page. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

const session: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD'].includes(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) onSignedOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: API_BASE, credentials: 'same-origin' });
api.use(session);

/** The data of an openapi-fetch answer, or an ApiError. */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data: body, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error ?? {});
  return body as T;
}

/** A fresh key per submitted form: a retried request applies once (the API's Idempotency-Key). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
