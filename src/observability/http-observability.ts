import { type Span, trace } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { requestScope, type RequestScope, rootLogger } from './logging';
import { httpRequestDuration } from './metrics';
import { routeTemplate, UNMATCHED } from './route-template';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A caller's request id is kept when it is short and plain; anything else is replaced by a generated one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Probes and scrapes are logged at debug level: at one every few seconds they would drown the rest. */
const QUIET_ROUTES = new Set(['/health']);

const SCOPE = Symbol('requestScope');
type ObservedRequest = Request & { [SCOPE]?: RequestScope };

function requestIdOf(req: Request): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * First on every request: its request id (X-Request-Id, or a new one, echoed in the answer) and a logger bound to
 * it for everything the request does (./logging.ts), then, once answered, its latency by route template and status
 * and one access log line. The request's trace span, when tracing is on, is named after the route.
 */
export function observeRequests(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const scope: RequestScope = { requestId, logger: rootLogger().child({ requestId }) };
    (req as ObservedRequest)[SCOPE] = scope;
    const span: Span | undefined = trace.getActiveSpan();
    let done = false;
    const observe = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplate(req);
      // A caller that hung up before the answer was sent: nginx's 499.
      const status = res.writableFinished ? res.statusCode : 499;
      httpRequestDuration.observe({ method: req.method, route, status_code: String(status) }, seconds);
      if (route !== UNMATCHED) {
        span?.updateName(`${req.method} ${route}`);
        span?.setAttribute('http.route', route);
      }
      const level = status >= 500 ? 'warn' : QUIET_ROUTES.has(route) ? 'debug' : 'info';
      scope.logger[level](
        { context: 'HTTP', method: req.method, route, status, durationMs: Math.round(seconds * 1000) },
        'request answered',
      );
    };
    res.once('finish', observe);
    res.once('close', observe);
    requestScope.run(scope, next);
  };
}

/**
 * The request's scope again, after the body readers: a body is read in callbacks of the connection's stream, which
 * run outside the scope `observeRequests` entered.
 */
export function reenterRequestScope(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const scope = (req as ObservedRequest)[SCOPE];
    if (scope) requestScope.run(scope, next);
    else next();
  };
}
