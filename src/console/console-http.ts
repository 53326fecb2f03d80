import type { CookieOptions, Request } from 'express';
import { CSRF_HEADER, type ConsoleSession, sameToken, SESSION_COOKIE } from './console-sessions';

/** Where the console lives: the SPA, its sign-in routes and its door to the API. */
export const CONSOLE_PATH = '/console';
export const CONSOLE_AUTH_PATH = `${CONSOLE_PATH}/auth`;
export const CONSOLE_API_PATH = `${CONSOLE_PATH}/api`;

/** One cookie's value from the Cookie header (the console reads no other). */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // a malformed cookie is no session
      }
    }
  }
  return undefined;
}

/** HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it), Secure behind HTTPS. */
export function cookieOptions(req: Request, maxAgeMs: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: CONSOLE_PATH, maxAge: maxAgeMs };
}

export function sessionIdOf(req: Request): string | undefined {
  return cookieValue(req, SESSION_COOKIE);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why an unsafe request must not go through (cross-site request forgery), or undefined when it may: it carries
 * the session's CSRF token in X-CSRF-Token, which only the console's own pages can read, and when the browser
 * names its origin, it is one of the console's.
 */
export function csrfProblem(req: Request, session: ConsoleSession, origins: string[]): string | undefined {
  if (SAFE_METHODS.has(req.method)) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && !origins.includes(origin)) return 'this request comes from another site';
  const token = req.headers[CSRF_HEADER];
  if (!sameToken(typeof token === 'string' ? token : undefined, session.csrfToken)) {
    return "this request lacks the console session's CSRF token (X-CSRF-Token)";
  }
  return undefined;
}

/** The console's origin this request came to (the provider knows each one's redirect URI), else the first. */
export function consoleOriginOf(req: Request, origins: string[]): string {
  const host = req.headers.host;
  return origins.find((origin) => host !== undefined && new URL(origin).host === host) ?? origins[0];
}
