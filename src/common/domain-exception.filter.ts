import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { InvalidMandateCommand, MandateRuleViolation } from '../../workflows/mandate/lifecycle';
import { isDatabaseUnavailable } from '../database/database-errors';
import { NotFoundError, UnservableRecordError } from './answerable-errors';
import { TemporarilyUnavailable } from './temporarily-unavailable.error';
import { badRequestBody } from './validation';

/** Seconds a caller waits before retrying while the read model's database does not answer. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * An error an HTTP library raised for a request it could not read (http-errors: `expose` marks a message meant
 * for the client), as opposed to a failure of ours.
 */
function clientError(err: unknown): { status: number; message: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, expose, message } = err as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  return { status, message: String(message) };
}

/** The one place where errors become HTTP statuses. Unknown errors are logged and leak nothing. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const unavailable = this.unavailable(err);
    const [status, body] = unavailable ? unavailable.response : this.toResponse(err);
    if (unavailable) response.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
    // A route that answers another type (@Header: a calendar, an export) has set it already; errors are JSON.
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.status(status).json(body);
  }

  /** A request that may be retried as it is: 503 with Retry-After. */
  private unavailable(err: unknown) {
    if (err instanceof TemporarilyUnavailable) {
      return { retryAfterSeconds: err.retryAfterSeconds, response: unavailableResponse(err.message) };
    }
    if (isDatabaseUnavailable(err)) {
      // The driver's error names the host and port: logged, never answered.
      this.logger.warn(`the read model's database does not answer: ${String(err)}`);
      return {
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
        response: unavailableResponse("the read model's database does not answer; retry in a few seconds"),
      };
    }
    return undefined;
  }

  private toResponse(err: unknown): [number, Record<string, unknown>] {
    if (err instanceof MandateRuleViolation) {
      return [HttpStatus.CONFLICT, { statusCode: 409, error: 'Conflict', rule: err.rule, message: err.message }];
    }
    if (err instanceof InvalidMandateCommand) {
      return [HttpStatus.BAD_REQUEST, badRequestBody([{ field: err.field, errors: [err.message] }], err.message)];
    }
    if (err instanceof NotFoundError) {
      return [HttpStatus.NOT_FOUND, { statusCode: 404, error: 'Not Found', message: err.message }];
    }
    if (err instanceof UnservableRecordError) {
      // The record cannot be served whole: say so plainly rather than answer with a gap.
      this.logger.error(err.message);
      return [HttpStatus.INTERNAL_SERVER_ERROR, { statusCode: 500, error: err.title, message: err.message }];
    }
    if (err instanceof HttpException) {
      const body = err.getResponse();
      return [
        err.getStatus(),
        typeof body === 'string' ? { statusCode: err.getStatus(), message: body } : (body as Record<string, unknown>),
      ];
    }
    const refused = clientError(err);
    if (refused) {
      return [
        refused.status,
        { statusCode: refused.status, error: STATUS_CODES[refused.status], message: refused.message },
      ];
    }
    this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' },
    ];
  }
}

function unavailableResponse(message: string): [number, Record<string, unknown>] {
  return [HttpStatus.SERVICE_UNAVAILABLE, { statusCode: 503, error: 'Service Unavailable', message }];
}
