import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { documentedRoutes } from './documented-routes';

const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/mandates/count': { get: { parameters: [{ name: 'q', in: 'query' }], responses: {} } },
    '/mandates/{id}': { get: { parameters: [{ name: 'id', in: 'path' }], responses: {} } },
  },
} as unknown as OpenAPIObject;

function outcome(path: string, query: Record<string, string>): unknown {
  let passed: unknown = 'not called';
  const res = { setHeader: () => res, status: () => res, json: () => res, end: () => res } as unknown as Response;
  const next: NextFunction = (err?: unknown) => (passed = err);
  documentedRoutes(document)({ path, query, method: 'GET' } as unknown as Request, res, next);
  return passed;
}

describe(documentedRoutes.name, () => {
  it('holds a path to the most literal template it matches, as the router does', () => {
    expect(outcome('/mandates/count', { q: 'gangs' })).toBeUndefined();
  });

  it('refuses a query parameter the matched operation does not take', () => {
    expect(outcome('/mandates/ag-res-1-p1', { q: 'gangs' })).toMatchObject({ status: 400 });
  });
});
