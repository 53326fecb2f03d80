import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { parse as parseContentType } from 'content-type';
import { type NextFunction, raw, type Request, type RequestHandler, type Response } from 'express';
import { isUtf8 } from 'node:buffer';
import { fieldErrors } from './validation';

/**
 * How deep a body's arrays and objects may nest. A command nests three levels (a registration, its reporting
 * schedule, its session dates); the validation pipe recurses once per level and overflows the stack near 10,000.
 */
export const MAX_JSON_DEPTH = 32;

const NOT_JSON = 'send the body as JSON: Content-Type application/json (charset utf-8, if any)';

function bodyProblem(message: string) {
  return fieldErrors([{ field: 'body', errors: [message] }], message);
}

/** Why a Content-Type is not one a JSON route reads, or undefined when it is. */
export function mediaTypeProblem(header: string | undefined): string | undefined {
  if (header === undefined) return `the body has no Content-Type; ${NOT_JSON}`;
  let type: string;
  let charset: string | undefined;
  try {
    const parsed = parseContentType(header);
    type = parsed.type;
    charset = parsed.parameters.charset?.toLowerCase();
  } catch {
    return `the Content-Type is malformed; ${NOT_JSON}`;
  }
  if (type !== 'application/json') return `${type} is not accepted; ${NOT_JSON}`;
  // RFC 8259: JSON between systems is UTF-8. Any other charset would be decoded, and a wrong byte become U+FFFD.
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return `charset ${charset.slice(0, 40)} is not accepted; ${NOT_JSON}`;
  }
  return undefined;
}

/** Whether arrays and objects in `text` nest deeper than `max` levels (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** The body of a JSON route: a UTF-8 JSON object, nested at most MAX_JSON_DEPTH deep. Throws a 400 otherwise. */
export function parseJsonObject(bytes: Buffer): Record<string, unknown> {
  if (bytes.length === 0) return {};
  // Decoding invalid UTF-8 would store U+FFFD in place of the bytes the caller sent: refuse it instead.
  if (!isUtf8(bytes)) throw bodyProblem('the body is not valid UTF-8');
  const text = bytes.toString('utf8');
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw bodyProblem(`the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bodyProblem('the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw bodyProblem('the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** What reading the bytes failed on, as the HTTP error a caller can act on. */
function readFailure(err: unknown, maxBytes: number): Error {
  const { type } = err as { type?: string };
  if (type === 'entity.too.large') {
    return new PayloadTooLargeException(`the body is larger than ${maxBytes} bytes`);
  }
  if (type === 'encoding.unsupported') {
    return new UnsupportedMediaTypeException('a Content-Encoding is not accepted: send the body as it is');
  }
  return bodyProblem('the body could not be read whole');
}

/**
 * The one reader of request bodies (Nest's own parsers are off): JSON only, at most `maxBytes`, refused before
 * any route sees it when it is not UTF-8 JSON (415), too large (413), not UTF-8, too deep, malformed or not an
 * object (400). Nothing keeps a raw copy. A body an earlier reader took (the audit routes' files) is left alone,
 * and so is the body of a route that streams it itself (`streamedRoutes`: an import, a file of any size).
 */
export function jsonBodies(maxBytes: number, streamedRoutes: readonly string[] = []): RequestHandler {
  const read = raw({ type: () => true, limit: maxBytes, inflate: false });
  const streamed = (path: string) => streamedRoutes.some((route) => path === route || path.startsWith(`${route}/`));
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.readableEnded || req.body !== undefined || !hasBody(req)) return next();
    if (streamed(req.path)) return next();
    const problem = mediaTypeProblem(req.headers['content-type']);
    if (problem) return next(new UnsupportedMediaTypeException(problem));
    read(req, res, (err?: unknown) => {
      if (err) return next(readFailure(err, maxBytes));
      try {
        req.body = parseJsonObject(req.body as Buffer);
      } catch (refusal) {
        return next(refusal);
      }
      next();
    });
  };
}
