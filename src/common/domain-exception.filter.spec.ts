import { type ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import { InvalidMandateCommand, MandateRuleViolation } from '../../workflows/mandate/lifecycle';
import { RecordAltered, RecordIncomplete } from '../archive/record-errors';
import { MandateNotFound } from '../mandates/mandate-not-found.error';
import { DomainExceptionFilter } from './domain-exception.filter';
import { TemporarilyUnavailable } from './temporarily-unavailable.error';

let contentType: string | undefined;

/** What the filter answers; its Content-Type apart (always JSON, see below). */
function respond(err: unknown): { status: number; body: Record<string, unknown>; headers?: Record<string, string> } {
  const sent: { status: number; body: Record<string, unknown>; headers?: Record<string, string> } = {
    status: 0,
    body: {},
  };
  contentType = undefined;
  const response = {
    setHeader(name: string, value: string) {
      if (name === 'Content-Type') contentType = value;
      else sent.headers = { ...sent.headers, [name]: value };
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new DomainExceptionFilter().catch(err, host);
  return sent;
}

describe(DomainExceptionFilter.name, () => {
  it('maps a broken lifecycle rule to 409 naming the rule', () => {
    expect(respond(new MandateRuleViolation('mandate-closed', 'the mandate was closed'))).toEqual({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', rule: 'mandate-closed', message: 'the mandate was closed' },
    });
  });

  it('maps an invalid command to 400 naming the field', () => {
    const { status, body } = respond(new InvalidMandateCommand('periodTo', 'periodTo must not be before periodFrom'));
    expect(status).toBe(400);
    expect(body.fields).toEqual([{ field: 'periodTo', errors: ['periodTo must not be before periodFrom'] }]);
  });

  it('answers JSON even where the route answers another type (a calendar, an export)', () => {
    respond(new MandateNotFound('ag-res-1-i-o-70-p1'));
    expect(contentType).toBe('application/json; charset=utf-8');
  });

  it('maps an unknown mandate to 404', () => {
    expect(respond(new MandateNotFound('ag-res-1-i-o-70-p1'))).toMatchObject({
      status: 404,
      body: { message: 'mandate ag-res-1-i-o-70-p1 is not registered' },
    });
  });

  it('maps a request that may be retried as it is to 503 with Retry-After', () => {
    expect(respond(new TemporarilyUnavailable('retry in a few seconds', 10))).toEqual({
      status: 503,
      body: { statusCode: 503, error: 'Service Unavailable', message: 'retry in a few seconds' },
      headers: { 'Retry-After': '10' },
    });
  });

  it('passes Nest HTTP exceptions through', () => {
    expect(respond(new BadRequestException({ statusCode: 400, fields: [] }))).toEqual({
      status: 400,
      body: { statusCode: 400, fields: [] },
    });
  });

  it('answers a record it cannot serve whole with a 500 that says so and names the run', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(respond(new RecordIncomplete('mandate:ag-res-1-i-o-70-p1', 'run-1'))).toEqual({
      status: 500,
      body: {
        statusCode: 500,
        error: 'Record Incomplete',
        message:
          'the record of mandate:ag-res-1-i-o-70-p1 is incomplete: run run-1 is neither in Temporal nor in the run archive',
      },
    });
    expect(
      respond(new RecordAltered('mandate:ag-res-1-i-o-70-p1', 'run-2', 'its history does not match its digest')),
    ).toMatchObject({ status: 500, body: { error: 'Record Altered', message: expect.stringContaining('run run-2') } });
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });

  it('answers a request a library could not read with its 4xx (http-errors marks the message for the client)', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    expect(respond(tooLarge)).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'request entity too large' },
    });
  });

  it('maps a database that does not answer to 503 with Retry-After, naming no host', () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const { status, body, headers } = respond(refused);
    expect(status).toBe(503);
    expect(headers).toEqual({ 'Retry-After': '5' });
    expect(JSON.stringify(body)).not.toContain('10.0.0.5');
    expect(warned).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED'));
    warned.mockRestore();
  });

  it('logs an unknown error and answers a 500 that leaks nothing of it', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { status, body } = respond(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret'));
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED'));
    logged.mockRestore();
  });
});
