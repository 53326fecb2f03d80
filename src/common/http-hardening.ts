import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';

/** Where Swagger UI is served (SwaggerModule.setup in bootstrap). */
export const DOCS_PATH = 'docs';

/** Headers a browser client may send and read. */
const CORS_REQUEST_HEADERS = ['Content-Type', 'Idempotency-Key', 'Authorization', 'X-Request-Id'];
const CORS_EXPOSED_HEADERS = ['Retry-After', 'X-Request-Id'];

/**
 * Answers are JSON or iCalendar, never a page: a browser that renders one runs nothing and frames nothing. Only
 * Swagger UI is a page; its scripts are files of its own, its styles partly inline, its icons data: URIs.
 */
const API_POLICY = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };
/** Swagger UI's pages: /docs, and the page it signs in through (its token request goes to the issuer). */
const docsPolicy = (issuerOrigin?: string) => ({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", ...(issuerOrigin ? [issuerOrigin] : [])],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
});

/** Where Swagger UI's sign-in returns (the page swagger-ui-dist ships, served beside /docs). */
export const DOCS_SIGN_IN_PAGES = ['/oauth2-redirect.html', '/oauth2-redirect.js'];

function securityHeaders(issuerOrigin?: string): RequestHandler {
  // upgrade-insecure-requests is left out: over plain HTTP (npm start) it would break Swagger UI's own files.
  const frameguard = { action: 'deny' } as const;
  const api = helmet({ frameguard, contentSecurityPolicy: { useDefaults: false, directives: API_POLICY } });
  const docs = helmet({
    frameguard,
    contentSecurityPolicy: { useDefaults: false, directives: docsPolicy(issuerOrigin) },
  });
  const docsPrefix = `/${DOCS_PATH}`;
  return (req: Request, res: Response, next: NextFunction) => {
    const isDocs =
      req.path === docsPrefix || req.path.startsWith(`${docsPrefix}/`) || DOCS_SIGN_IN_PAGES.includes(req.path);
    return (isDocs ? docs : api)(req, res, next);
  };
}

/** Express's `trust proxy` from TRUST_PROXY: a hop count, or the addresses and subnets of the proxies. */
export function trustProxySetting(value: string): number | string[] {
  return /^\d+$/.test(value) ? Number(value) : value.split(',');
}

/**
 * Security headers on every answer (Swagger UI included), no X-Powered-By, the CORS policy of CORS_ORIGINS
 * (none by default: browsers on other origins get no access), and which proxies tell the client's address.
 */
export function useHttpHardening(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  if (config.TRUST_PROXY) app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(securityHeaders(config.OIDC_ISSUER_URL && new URL(config.OIDC_ISSUER_URL).origin));
  if (config.CORS_ORIGINS) {
    app.enableCors({
      origin: config.CORS_ORIGINS.split(','),
      methods: ['GET', 'HEAD', 'POST'],
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
    });
  }
}
