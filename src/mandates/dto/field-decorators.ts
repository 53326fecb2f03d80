import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import {
  dateProblem,
  datePattern,
  dependencyIdProblem,
  EARLIEST_DATE,
  EMAIL_PATTERN,
  emailProblem,
  integerProblem,
  LATEST_DATE,
  MANDATE_ID_PATTERN,
  mandateIdProblem,
  MAX_LENGTH,
  MAX_YEARS_AHEAD,
  oneOfProblem,
  type Problem,
  textPattern,
  textProblem,
  URL_PATTERN,
  urlProblem,
} from '../../../workflows/mandate/fields';
import { CURSOR_PATTERN, MAX_CURSOR_LENGTH } from '../mandate-search';

interface FieldOptions {
  optional?: boolean;
  /** Documented as optional, but required when a `ValidateIf` beside it says so (no IsOptional). */
  conditional?: boolean;
  example?: string;
  description?: string;
}

/** An optional field may be left out; `null` is not leaving it out (the schema says no null either). */
const OnlyWhenGiven = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

function documented(options: FieldOptions, schema: Record<string, unknown>) {
  const doc = { example: options.example, description: options.description, ...schema };
  if (options.conditional) return [ApiPropertyOptional(doc)];
  return options.optional ? [ApiPropertyOptional(doc), OnlyWhenGiven()] : [ApiProperty(doc)];
}

/**
 * A field checked by one of the domain's field checks (workflows/mandate/fields.ts): the API refuses exactly what
 * the workflow's update validators refuse, with the same words.
 */
function checkedBy(name: string, problem: (value: unknown) => Problem) {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => problem(value) === undefined,
      defaultMessage: (args) => (problem(args?.value) ?? '').replace(/\$field/g, '$property'),
    },
  });
}

/** A string with something in it, at most `maxLength` characters; `multiline: false` for names and titles. */
export function Text(maxLength: number, options: FieldOptions & { multiline?: boolean } = {}) {
  const multiline = options.multiline ?? true;
  return applyDecorators(
    ...documented(options, { type: String, minLength: 1, maxLength, pattern: textPattern(multiline) }),
    checkedBy('text', (v) => textProblem(v, maxLength, multiline)),
  );
}

const EARLIEST_YEAR = Number(EARLIEST_DATE.slice(0, 4));
/**
 * The years a due date may take whatever day it is sent: up to `MAX_YEARS_AHEAD` years ahead counts from today,
 * so the schema states the years that are safe until the next start of this process (a year before the bound).
 */
const LATEST_SAFE_DUE_YEAR = new Date().getUTCFullYear() + MAX_YEARS_AHEAD - 1;

/** How the document states a due date (a date at most ten years ahead). */
export const DUE_DATE_SCHEMA = {
  type: 'string',
  format: 'date',
  pattern: datePattern(EARLIEST_YEAR, LATEST_SAFE_DUE_YEAR),
} as const;

/** A calendar date, YYYY-MM-DD, between 1948 and 2099; `due`: a due date, at most ten years ahead. */
export function IsoDate(options: FieldOptions & { due?: boolean } = {}) {
  const latestYear = options.due ? LATEST_SAFE_DUE_YEAR : Number(LATEST_DATE.slice(0, 4));
  const bounds = options.due
    ? `from ${EARLIEST_DATE}, at most ${MAX_YEARS_AHEAD} years ahead`
    : `between ${EARLIEST_DATE} and ${LATEST_DATE}`;
  return applyDecorators(
    ...documented(options, {
      type: String,
      format: 'date',
      pattern: datePattern(EARLIEST_YEAR, latestYear),
      description: [options.description, bounds].filter(Boolean).join('; '),
    }),
    checkedBy('isoDate', dateProblem),
  );
}

/**
 * An http(s) link to a document or evidence. No `format: uri` in the document: the check takes any characters
 * but spaces and controls (accented paths too), which that format does not; the pattern says exactly what it takes.
 */
export function Link(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, maxLength: MAX_LENGTH.url, pattern: URL_PATTERN }),
    checkedBy('link', urlProblem),
  );
}

/** An e-mail address (the pattern is the check; `format: email` would promise RFC 5321 in full). */
export function Email(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, maxLength: MAX_LENGTH.email, pattern: EMAIL_PATTERN }),
    checkedBy('email', emailProblem),
  );
}

/** A dependency's code (DPS, CICAD). */
export function DependencyId(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, maxLength: 40, pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$' }),
    checkedBy('dependencyId', dependencyIdProblem),
  );
}

/** One of a closed list of values. */
export function OneOf(values: readonly string[], options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { enum: values }),
    checkedBy('oneOf', (v) => oneOfProblem(v, values)),
  );
}

/** The id of a mandate (a slug, see mandateIdFor). */
export function MandateId(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, maxLength: MAX_LENGTH.mandateId, pattern: MANDATE_ID_PATTERN }),
    checkedBy('mandateId', mandateIdProblem),
  );
}

/** A JSON object checked by its own DTO: an array, a string or null in its place is refused, not ignored. */
export function NestedObject(type: () => new () => object, options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: type() }),
    ...(options.optional || options.conditional ? [] : [IsDefined({ message: '$property is required' })]),
    ValidateBy({
      name: 'isJsonObject',
      validator: {
        validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
        defaultMessage: () => '$property must be an object',
      },
    }),
    ValidateNested(),
    Type(type),
  );
}

const DIGITS = /^(0|[1-9][0-9]{0,15})$/;

/**
 * A whole number in a query string, written in decimal digits only: `1e20`, `0x10`, ` 5` or `9223372036854775807`
 * are refused rather than read as some other number.
 */
export function QueryInteger(min: number, max: number, options: FieldOptions = {}) {
  return applyDecorators(
    ...documented({ ...options, optional: true }, { type: 'integer', minimum: min, maximum: max }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && DIGITS.test(value) ? Number(value) : value,
    ),
    checkedBy('integer', (v) => integerProblem(v, min, max)),
  );
}

/** A whole number from `min` to `max`. */
export function WholeNumber(min: number, max: number, options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: 'integer', minimum: min, maximum: max }),
    checkedBy('wholeNumber', (v) => integerProblem(v, min, max)),
  );
}

const CURSOR = new RegExp(CURSOR_PATTERN);

/**
 * A page's cursor, as the API wrote it: opaque base64url, so a client cannot make one up (what it holds is checked
 * when it is read, see decodeCursor).
 */
export function PageCursor(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(
      { ...options, optional: true },
      {
        type: String,
        maxLength: MAX_CURSOR_LENGTH,
        pattern: CURSOR_PATTERN,
      },
    ),
    checkedBy('cursor', (v) =>
      typeof v === 'string' && v.length <= MAX_CURSOR_LENGTH && CURSOR.test(v)
        ? undefined
        : '$field must be a nextCursor this API returned',
    ),
  );
}
