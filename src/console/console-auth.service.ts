import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { authorize, PERMISSIONS, type Principal } from '../auth/policy';
import {
  CONSOLE_AUTH_PATH,
  CONSOLE_PATH,
  consoleOriginOf,
  cookieOptions,
  cookieValue,
  csrfProblem,
  sessionIdOf,
} from './console-http';
import {
  type ConsoleSession,
  ConsoleSessions,
  type ConsoleUser,
  safeReturnTo,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
} from './console-sessions';
import { ConsoleSignIn } from './console-sign-in';

/** The console's public origins (the provider knows their redirect URIs). */
export class ConsoleOrigins {
  constructor(readonly origins: string[]) {}
}

const SIGN_IN_COOKIE_MS = 10 * 60_000;
/** When the provider does not say how long its token lasts. */
const DEFAULT_TOKEN_SECONDS = 300;

export function userOf(principal: Principal): ConsoleUser {
  return {
    actor: principal.actor,
    ...(principal.name !== undefined && { name: principal.name }),
    roles: principal.roles,
    dependencyIds: principal.dependencyIds,
    permissions: PERMISSIONS.filter((permission) => authorize(principal, permission).allowed),
  };
}

function page(res: Response, status: number, message: string): void {
  res.status(status).type('text/plain; charset=utf-8').send(`${message}\nStart again at ${CONSOLE_PATH}/`);
}

/**
 * The backend-for-frontend's sign-in: the browser is sent to the provider and comes back with a code, which is
 * exchanged here (PKCE); the access token is checked as the API checks it and kept in the session, server side.
 */
@Injectable()
export class ConsoleAuthService {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly signIn: ConsoleSignIn,
    private readonly verifier: AccessTokenVerifier,
    private readonly origins: ConsoleOrigins,
  ) {}

  async login(req: Request, res: Response): Promise<void> {
    const redirectUri = `${consoleOriginOf(req, this.origins.origins)}${CONSOLE_AUTH_PATH}/callback`;
    let started;
    try {
      started = await this.signIn.start(redirectUri);
    } catch (err) {
      this.logger.warn(`the OpenID provider cannot be reached: ${String(err)}`);
      return page(res, 503, 'The sign-in service cannot be reached right now. Try again in a moment.');
    }
    const { url, ...checks } = started;
    this.sessions.begin({ ...checks, redirectUri, returnTo: safeReturnTo(req.query.returnTo) });
    // Binds the sign-in to this browser: a callback URL sent to someone else signs nobody in.
    res.cookie(SIGN_IN_COOKIE, checks.state, cookieOptions(req, SIGN_IN_COOKIE_MS));
    res.redirect(303, url);
  }

  async callback(req: Request, res: Response): Promise<void> {
    res.clearCookie(SIGN_IN_COOKIE, { path: CONSOLE_PATH });
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const pending =
      state !== undefined && cookieValue(req, SIGN_IN_COOKIE) === state ? this.sessions.finish(state) : undefined;
    if (!pending) return page(res, 400, 'This sign-in has expired or was started elsewhere.');
    if (typeof req.query.error === 'string') {
      return page(res, 400, `The sign-in did not complete (${req.query.error.slice(0, 100)}).`);
    }
    let session: ConsoleSession;
    try {
      const callbackUrl = new URL(pending.redirectUri);
      callbackUrl.search = new URLSearchParams(req.query as Record<string, string>).toString();
      const tokens = await this.signIn.finish(callbackUrl, pending);
      const principal = await this.verifier.verify(tokens.accessToken);
      const expiresAt = Date.now() + (tokens.expiresIn ?? DEFAULT_TOKEN_SECONDS) * 1000;
      session = this.sessions.open({ ...tokens, expiresAt }, userOf(principal));
    } catch (err) {
      this.logger.warn(`a console sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
      return page(res, 400, 'The sign-in could not be completed.');
    }
    res.cookie(SESSION_COOKIE, session.id, cookieOptions(req, session.expiresAt - Date.now()));
    res.redirect(303, pending.returnTo);
  }

  /** Who is signed in and the CSRF token the SPA sends back; 401 when nobody is. */
  session(req: Request, res: Response): void {
    const session = this.sessions.find(sessionIdOf(req));
    res.setHeader('Cache-Control', 'no-store');
    if (!session) {
      res.status(401).json({ statusCode: 401, message: 'not signed in' });
      return;
    }
    res.json({
      user: session.user,
      csrfToken: session.csrfToken,
      expiresAt: new Date(session.expiresAt).toISOString(),
    });
  }

  /** Ends the console session, and tells the SPA where the provider ends its own. */
  async logout(req: Request, res: Response): Promise<void> {
    const session = this.sessions.find(sessionIdOf(req));
    const problem = session && csrfProblem(req, session, this.origins.origins);
    if (problem) {
      res.status(403).json({ statusCode: 403, message: problem });
      return;
    }
    this.sessions.close(session?.id);
    res.clearCookie(SESSION_COOKIE, { path: CONSOLE_PATH });
    const signedOut = `${consoleOriginOf(req, this.origins.origins)}${CONSOLE_PATH}/`;
    const url = await this.signIn.signOutUrl(session?.idToken, signedOut).catch(() => undefined);
    res.json({ signOutUrl: url ?? signedOut });
  }
}
