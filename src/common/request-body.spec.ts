import { BadRequestException, HttpException } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { jsonBodies, MAX_JSON_DEPTH, mediaTypeProblem, nestsDeeperThan, parseJsonObject } from './request-body';

function refusal(bytes: Buffer): unknown {
  try {
    parseJsonObject(bytes);
  } catch (err) {
    return err instanceof BadRequestException ? err.getResponse() : err;
  }
  return undefined;
}

describe(parseJsonObject.name, () => {
  it('reads a UTF-8 JSON object, and an empty body as no field at all', () => {
    expect(parseJsonObject(Buffer.from('{"title":"Reunión 👍"}'))).toEqual({ title: 'Reunión 👍' });
    expect(parseJsonObject(Buffer.alloc(0))).toEqual({});
  });

  it('refuses invalid UTF-8 rather than store U+FFFD for it', () => {
    expect(refusal(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))).toMatchObject({
      statusCode: 400,
      fields: [{ field: 'body', errors: ['the body is not valid UTF-8'] }],
    });
  });

  it('refuses nesting deeper than the limit before parsing it (10,000 levels overflowed the validation pipe)', () => {
    const deep = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));
    expect(
      parseJsonObject(Buffer.from(`{"a":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`)),
    ).toEqual({
      a: expect.any(Array),
    });
    expect(refusal(deep(10_000))).toMatchObject({ message: expect.stringContaining('more than 32 levels deep') });
    expect(refusal(Buffer.from(`{"a":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_001)}`))).toMatchObject({
      statusCode: 400,
    });
  });

  it.each([
    ['malformed JSON', '{"a":', 'the body is not valid JSON'],
    ['an array', '[1]', 'the body must be a JSON object'],
    ['a string', '"text"', 'the body must be a JSON object'],
    ['null', 'null', 'the body must be a JSON object'],
    ['a byte-order mark', '\ufeff{}', 'the body is not valid JSON'],
  ])('refuses %s', (_, text, message) => {
    expect(refusal(Buffer.from(text))).toMatchObject({ statusCode: 400, message });
  });
});

describe(nestsDeeperThan.name, () => {
  it('counts brackets outside strings only, escaped quotes included', () => {
    expect(nestsDeeperThan('{"a":"[[[[[[","b":"\\"[[[["}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
  });
});

describe(mediaTypeProblem.name, () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON; charset="UTF-8"',
    'application/json;charset=utf8',
  ])('accepts %s', (type) => {
    expect(mediaTypeProblem(type)).toBeUndefined();
  });

  it.each([
    [undefined, 'has no Content-Type'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded is not accepted'],
    ['text/plain', 'text/plain is not accepted'],
    ['multipart/form-data; boundary=x', 'multipart/form-data is not accepted'],
    ['application/json; charset=latin1', 'charset latin1 is not accepted'],
    ['application/json; charset=utf-16', 'charset utf-16 is not accepted'],
    ['application/json; charset', 'malformed'],
    ['json', 'malformed'],
  ])('refuses %s', (type, problem) => {
    expect(mediaTypeProblem(type)).toContain(problem);
  });
});

describe(jsonBodies.name, () => {
  const app = express();
  app.use(jsonBodies(1024));
  app.post('/echo', (req: Request, res: Response) => {
    res.json({ body: req.body as unknown, keepsRawCopy: 'rawBody' in req });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof HttpException ? err.getStatus() : 500;
    res.status(status).json({ status });
  });

  it('reads a JSON object and keeps no raw copy of it', async () => {
    const res = await request(app).post('/echo').send({ a: 1 }).expect(200);
    expect(res.body).toEqual({ body: { a: 1 }, keepsRawCopy: false });
  });

  it('refuses a body over the limit with 413, another media type or charset with 415, a bad one with 400', async () => {
    await request(app)
      .post('/echo')
      .send({ a: 'x'.repeat(2000) })
      .expect(413);
    await request(app).post('/echo').type('form').send('a=1').expect(415);
    await request(app).post('/echo').set('Content-Type', 'application/json; charset=iso-8859-1').send('{}').expect(415);
    await request(app).post('/echo').set('Content-Encoding', 'gzip').type('json').send('{}').expect(415);
    await request(app).post('/echo').type('json').send('{"a":').expect(400);
  });

  it('reads no body where there is none', async () => {
    const res = await request(app).post('/echo').expect(200);
    expect(res.body).toEqual({ keepsRawCopy: false });
  });
});
