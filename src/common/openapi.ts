import type { INestApplication } from '@nestjs/common';
import { HEADERS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { MANDATE_ID_PATTERN, MAX_LENGTH } from '../../workflows/mandate/fields';
import { applySchemaRules } from './schema-rules';

const ERROR_SCHEMAS = {
  Error: {
    type: 'object',
    description: 'Every error answer: the status, its name and what went wrong, in words',
    properties: {
      statusCode: { type: 'integer' },
      error: { type: 'string' },
      message: { type: 'string' },
    },
    required: ['statusCode', 'message'],
  },
  ValidationError: {
    type: 'object',
    description: 'A 400: each bad field, header, query parameter or body named in `fields`',
    properties: {
      statusCode: { type: 'integer', enum: [400] },
      error: { type: 'string' },
      message: { type: 'string' },
      fields: {
        type: 'array',
        items: {
          type: 'object',
          properties: { field: { type: 'string' }, errors: { type: 'array', items: { type: 'string' } } },
          required: ['field', 'errors'],
        },
      },
    },
    required: ['statusCode', 'message'],
  },
  RuleViolation: {
    type: 'object',
    description: 'A 409: the lifecycle rule that refused the command, named in `rule`',
    properties: {
      statusCode: { type: 'integer', enum: [409] },
      error: { type: 'string' },
      rule: { type: 'string' },
      message: { type: 'string' },
    },
    required: ['statusCode', 'message'],
  },
};

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } },
};

interface ErrorAnswer {
  description: string;
  schema: keyof typeof ERROR_SCHEMAS;
  retryAfter?: boolean;
  /** Which operations may answer it. */
  when: (operation: OperationObject) => boolean;
}

const hasPathParameter = (operation: OperationObject) =>
  (operation.parameters ?? []).some((p) => (p as ParameterObject).in === 'path');
const hasBody = (operation: OperationObject) => operation.requestBody !== undefined;
const always = () => true;
const signedIn = (operation: OperationObject) => (operation.security ?? []).length > 0;

/** What any route may answer besides its own outcomes, and when. */
const ERROR_ANSWERS: Record<string, ErrorAnswer> = {
  '400': {
    description: 'A parameter, header or body is invalid, or a query parameter is not one this route takes',
    schema: 'ValidationError',
    when: always,
  },
  '401': {
    description: 'No valid access token; the WWW-Authenticate header says what is wrong with it',
    schema: 'Error',
    when: signedIn,
  },
  '403': {
    description: 'The caller lacks the permission (`permission` names it), or a segregation-of-duties `rule` refuses',
    schema: 'Error',
    when: signedIn,
  },
  '404': { description: 'No such mandate (or report)', schema: 'Error', when: hasPathParameter },
  '409': {
    description: 'A lifecycle rule refused the command; `rule` names it',
    schema: 'RuleViolation',
    when: () => false,
  },
  '413': { description: 'The body is larger than MAX_BODY_BYTES', schema: 'Error', when: hasBody },
  '415': {
    description: 'The body is not JSON in UTF-8 (Content-Type application/json)',
    schema: 'Error',
    when: hasBody,
  },
  '429': { description: 'Too many requests from this client', schema: 'Error', retryAfter: true, when: always },
  '503': {
    description: 'Temporal or the read model does not answer now; retry after Retry-After seconds',
    schema: 'Error',
    retryAfter: true,
    when: always,
  },
};

function errorResponse(answer: ErrorAnswer, description: string): ResponseObject {
  return {
    description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${answer.schema}` } } },
    ...(answer.retryAfter && { headers: RETRY_AFTER }),
  };
}

/**
 * Every status a route can answer is in the document, each error with its schema: the ones a route declares
 * get a body schema, and the ones any route may answer (400, 413, 415, 429, 503, 404 with a path parameter) are
 * added. Unknown query parameters are refused (see documentedRoutes), which the 400 says.
 */
export function documentErrors(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...ERROR_SCHEMAS } };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (!operation?.responses) continue;
      for (const [status, answer] of Object.entries(ERROR_ANSWERS)) {
        const declared = operation.responses[status] as ResponseObject | undefined;
        if (declared?.content) continue;
        if (declared || answer.when(operation)) {
          operation.responses[status] = errorResponse(answer, declared?.description || answer.description);
        }
      }
    }
  }
}

/**
 * Links from a registration to what may be done with the mandate it created (Schemathesis's stateful phase
 * follows them; so may a reader).
 */
export function linkMandateOperations(document: OpenAPIObject): void {
  const registration = document.paths['/mandates']?.post?.responses?.['201'] as ResponseObject | undefined;
  if (!registration) return;
  const links: Record<string, { operationId: string; parameters: Record<string, string> }> = {};
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      const parameters = (operation?.parameters ?? []) as ParameterObject[];
      const pathParameters = parameters.filter((p) => p.in === 'path').map((p) => p.name);
      if (!operation.operationId || pathParameters.length !== 1 || pathParameters[0] !== 'id') continue;
      links[operation.operationId] = { operationId: operation.operationId, parameters: { id: '$response.body#/id' } };
    }
  }
  registration.links = links;
}

/** Path parameters every route checks alike (MandateIdPipe, ReportIdPipe): anything else is a 404. */
const PATH_PARAMETERS: Record<string, { description: string; schema: Record<string, unknown> }> = {
  id: {
    description: 'The mandate id, derived from its resolution symbol and paragraph',
    schema: {
      type: 'string',
      pattern: MANDATE_ID_PATTERN,
      maxLength: MAX_LENGTH.mandateId,
      example: 'ag-res-2866-xliv-o-14-p3',
    },
  },
  reportId: {
    description: 'The progress report: R1, R2, …',
    schema: { type: 'string', pattern: '^R[1-9][0-9]{0,5}$', example: 'R1' },
  },
};

export function describePathParameters(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      for (const parameter of (operation?.parameters ?? []) as ParameterObject[]) {
        const known = parameter.in === 'path' ? PATH_PARAMETERS[parameter.name] : undefined;
        if (known) Object.assign(parameter, known);
      }
    }
  }
}

/** The media type a handler answers with: its @ApiProduces, else the Content-Type its @Header sets. */
function producedBy(handler: object): string | undefined {
  const produces = Reflect.getMetadata('swagger/apiProduces', handler) as string[] | undefined;
  if (produces?.length) return produces[0];
  const headers = (Reflect.getMetadata(HEADERS_METADATA, handler) ?? []) as { name: string; value: string }[];
  return headers.find((h) => h.name.toLowerCase() === 'content-type')?.value.split(';')[0];
}

/**
 * A success response declared without a body schema gets one in the media type its handler produces (an export is
 * JSON, a key is PEM): what the document says a route answers is what it answers.
 */
export function describeSuccessContent(app: INestApplication, document: OpenAPIObject): void {
  const produced = new Map<string, string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const mediaType = producedBy(handler);
        if (mediaType) produced.set(`${metatype.name}_${name}`, mediaType);
      }
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      const mediaType = operation?.operationId ? produced.get(operation.operationId) : undefined;
      for (const [status, response] of Object.entries(operation?.responses ?? {}) as [string, ResponseObject][]) {
        if (!status.startsWith('2') || response.content) continue;
        const type = mediaType ?? 'application/json';
        response.content = { [type]: { schema: type.endsWith('json') ? {} : { type: 'string' } } };
      }
    }
  }
}

/** The OpenAPI document: generated from the controllers and DTOs, then told the truth about errors. */
export function buildOpenApiDocument(
  app: INestApplication,
  withSecurity: (builder: DocumentBuilder) => DocumentBuilder = (builder) => builder,
): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    withSecurity(
      new DocumentBuilder()
        .setTitle('mandate-tracker')
        .setDescription(
          'Mandates of OAS resolutions: registration, assignment, follow-up, progress reports, closure; their ' +
            'deadlines, notifications and audit history.\n\n' +
            'Errors are JSON (`Error`, `ValidationError`, `RuleViolation`). A 400 names each bad field, header or ' +
            'query parameter; query parameters a route does not list are refused with a 400. Bodies are JSON objects ' +
            'in UTF-8 (`Content-Type: application/json`), at most MAX_BODY_BYTES (1 MiB by default). Clients are ' +
            'rate-limited (429 with Retry-After); a 503 with Retry-After may be retried as it is.',
        )
        .setVersion('0.1.0'),
    ).build(),
  );
  applySchemaRules(document);
  describePathParameters(document);
  describeSuccessContent(app, document);
  documentErrors(document);
  linkMandateOperations(document);
  return document;
}
