import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { ConsoleOrigins } from './console-auth.service';
import { CONSOLE_API_PATH, CONSOLE_AUTH_PATH, CONSOLE_PATH, csrfProblem, sessionIdOf } from './console-http';
import { ConsoleSessions } from './console-sessions';

/**
 * The SPA's pages: its own scripts and styles only (Mantine sets style attributes), nothing framed, no plugin.
 * Its fetches go to this origin (the BFF); sign-in is a navigation, which connect-src does not govern.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(res: Pick<ServerResponse, 'setHeader'>): void {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/** The built SPA (`npm run build` → console/dist), beside the compiled API or the sources. */
export function consoleDistDir(): string | undefined {
  const candidates = [resolve(__dirname, '../../../console/dist'), resolve(__dirname, '../../console/dist')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * Requests to /console/api/* are the API's, made with the session's access token: the session cookie and the
 * CSRF token are checked, the path loses its prefix and gains the Authorization header, and the request goes on
 * through the same pipeline as any API call (validation, policy, rate limits). No second hop, and the browser
 * never holds the token.
 */
function apiDoor(sessions: ConsoleSessions, origins: string[]) {
  const prefix = `${CONSOLE_API_PATH}/`;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.url.startsWith(prefix)) return next();
    const session = sessions.find(sessionIdOf(req));
    res.setHeader('Cache-Control', 'no-store');
    if (!session) {
      res
        .status(401)
        .json({ statusCode: 401, error: 'Unauthorized', message: 'not signed in, or the session has ended' });
      return;
    }
    const problem = csrfProblem(req, session, origins);
    if (problem) {
      res.status(403).json({ statusCode: 403, error: 'Forbidden', message: problem });
      return;
    }
    req.url = req.url.slice(CONSOLE_API_PATH.length);
    req.headers.authorization = `Bearer ${session.accessToken}`;
    delete req.headers.cookie;
    next();
  };
}

/** The SPA at /console/ (every client route answers its index.html), and / sends the browser there. */
function pages(dist: string | undefined) {
  const reserved = [`${CONSOLE_API_PATH}/`, `${CONSOLE_AUTH_PATH}/`];
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/') return res.redirect(302, `${CONSOLE_PATH}/`);
    const inConsole = req.path === CONSOLE_PATH || req.path.startsWith(`${CONSOLE_PATH}/`);
    if (!inConsole || reserved.some((p) => req.path.startsWith(p))) return next();
    pageHeaders(res);
    if (!dist) {
      res.status(503).type('text/plain').send('The console is not built: run npm run build.');
      return;
    }
    if (req.path.startsWith(`${CONSOLE_PATH}/assets/`)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dist, 'index.html'));
  };
}

/** Installs the console's pages and its door to the API; call before any other middleware (see bootstrap). */
export function useConsole(app: NestExpressApplication): void {
  const sessions = app.get(ConsoleSessions);
  const { origins } = app.get(ConsoleOrigins);
  const dist = consoleDistDir();
  app.use(apiDoor(sessions, origins));
  app.use(pages(dist));
  if (dist) {
    // Vite names each asset by its content's hash: it never changes under its name.
    app.useStaticAssets(join(dist, 'assets'), {
      prefix: `${CONSOLE_PATH}/assets/`,
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
      setHeaders: (res: ServerResponse) => pageHeaders(res),
    });
  }
}
