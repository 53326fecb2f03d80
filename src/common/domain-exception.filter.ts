import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { InvalidMandateCommand, MandateRuleViolation } from '../../workflows/mandate/lifecycle';
import { MandateRecordError, RecordIncomplete } from '../archive/record-errors';
import { MandateNotFound } from '../mandates/mandate-not-found.error';
import { TemporarilyUnavailable } from './temporarily-unavailable.error';
import { badRequestBody } from './validation';

/** The one place where errors become HTTP statuses. Unknown errors are logged and leak nothing. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.toResponse(err);
    if (err instanceof TemporarilyUnavailable) response.setHeader('Retry-After', String(err.retryAfterSeconds));
    response.status(status).json(body);
  }

  private toResponse(err: unknown): [number, Record<string, unknown>] {
    if (err instanceof MandateRuleViolation) {
      return [HttpStatus.CONFLICT, { statusCode: 409, error: 'Conflict', rule: err.rule, message: err.message }];
    }
    if (err instanceof InvalidMandateCommand) {
      return [HttpStatus.BAD_REQUEST, badRequestBody([{ field: err.field, errors: [err.message] }], err.message)];
    }
    if (err instanceof MandateNotFound) {
      return [HttpStatus.NOT_FOUND, { statusCode: 404, error: 'Not Found', message: err.message }];
    }
    if (err instanceof TemporarilyUnavailable) {
      return [HttpStatus.SERVICE_UNAVAILABLE, { statusCode: 503, error: 'Service Unavailable', message: err.message }];
    }
    if (err instanceof MandateRecordError) {
      // The record cannot be served whole: say so plainly rather than answer with a gap.
      this.logger.error(err.message);
      const error = err instanceof RecordIncomplete ? 'Record Incomplete' : 'Record Altered';
      return [HttpStatus.INTERNAL_SERVER_ERROR, { statusCode: 500, error, message: err.message }];
    }
    if (err instanceof HttpException) {
      const body = err.getResponse();
      return [
        err.getStatus(),
        typeof body === 'string' ? { statusCode: err.getStatus(), message: body } : (body as Record<string, unknown>),
      ];
    }
    this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' },
    ];
  }
}
