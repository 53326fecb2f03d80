import { HttpStatus } from '@nestjs/common';
import type { OpenAPIObject, OperationObject, ParameterObject } from '@nestjs/swagger';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { fieldErrors } from './validation';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface DocumentedPath {
  pattern: RegExp;
  /** How much of the template is literal: where templates overlap (`/mandates/count`, `/mandates/{id}`), the
   * router takes the literal one, and so does this. */
  literalLength: number;
  /** Method (upper case) → the query parameters its operation takes. */
  operations: Map<string, Set<string>>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/mandates/{id}/events` → a pattern matching one non-empty segment in place of each parameter. */
function pathPattern(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map(escapeRegExp)
    .join('[^/]+');
  return new RegExp(`^${source}/?$`);
}

export function documentedPaths(document: OpenAPIObject): DocumentedPath[] {
  return Object.entries(document.paths).map(([template, item]) => {
    const operations = new Map<string, Set<string>>();
    for (const method of METHODS) {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      if (!operation) continue;
      const query = ((operation.parameters ?? []) as ParameterObject[]).filter((p) => p.in === 'query');
      operations.set(method.toUpperCase(), new Set(query.map((p) => p.name)));
    }
    return { pattern: pathPattern(template), literalLength: template.replace(/\{[^}]+\}/g, '').length, operations };
  });
}

/** The methods a resource takes, as an Allow header lists them (HEAD with GET; OPTIONS always). */
function allowed(operations: Map<string, Set<string>>): string[] {
  const methods = [...operations.keys()];
  if (methods.includes('GET')) methods.push('HEAD');
  return [...methods, 'OPTIONS'];
}

/**
 * The routes of the OpenAPI document, held to it before any controller runs: a method a resource does not take
 * is a 405 with Allow (not a 404), OPTIONS answers with Allow, and a query parameter the operation does not list
 * is a 400 naming it (a mistyped filter must not silently list everything). Paths the document does not know
 * are left to the router (404) and to Swagger UI.
 */
export function documentedRoutes(document: OpenAPIObject): RequestHandler {
  const paths = documentedPaths(document);
  return (req: Request, res: Response, next: NextFunction) => {
    const candidates = paths.filter((p) => p.pattern.test(req.path));
    if (candidates.length === 0) return next();
    const mostLiteral = Math.max(...candidates.map((p) => p.literalLength));
    const matches = candidates.filter((p) => p.literalLength === mostLiteral);
    const operations = new Map(matches.flatMap((m) => [...m.operations]));
    const method = req.method === 'HEAD' && operations.has('GET') ? 'GET' : req.method;
    const query = operations.get(method);
    if (!query) {
      res.setHeader('Allow', allowed(operations).join(', '));
      if (req.method === 'OPTIONS') return res.status(HttpStatus.NO_CONTENT).end();
      return res.status(HttpStatus.METHOD_NOT_ALLOWED).json({
        statusCode: HttpStatus.METHOD_NOT_ALLOWED,
        error: 'Method Not Allowed',
        message: `${req.method.slice(0, 20)} is not allowed here; allowed: ${allowed(operations).join(', ')}`,
      });
    }
    const unknown = Object.keys(req.query).filter((name) => !query.has(name));
    if (unknown.length > 0) {
      return next(
        fieldErrors(
          unknown.map((name) => ({ field: name.slice(0, 100), errors: ['this route takes no such query parameter'] })),
        ),
      );
    }
    next();
  };
}
