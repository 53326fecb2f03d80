import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import {
  dateProblem,
  dependencyIdProblem,
  EARLIEST_DATE,
  emailProblem,
  integerProblem,
  LATEST_DATE,
  MAX_LENGTH,
  oneOfProblem,
  type Problem,
  textProblem,
  urlProblem,
} from '../../../workflows/mandate/fields';

interface FieldOptions {
  optional?: boolean;
  /** Documented as optional, but required when a `ValidateIf` beside it says so (no IsOptional). */
  conditional?: boolean;
  example?: string;
  description?: string;
}

function documented(options: FieldOptions, schema: Record<string, unknown>) {
  const doc = { example: options.example, description: options.description, ...schema };
  if (options.conditional) return [ApiPropertyOptional(doc)];
  return options.optional ? [ApiPropertyOptional(doc), IsOptional()] : [ApiProperty(doc)];
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

/** Visible text: something that is not only blank. Documented in the schema as a pattern. */
const NOT_BLANK = '\\S';

/** A string with something in it, at most `maxLength` characters; `multiline: false` for names and titles. */
export function Text(maxLength: number, options: FieldOptions & { multiline?: boolean } = {}) {
  const multiline = options.multiline ?? true;
  return applyDecorators(
    ...documented(options, { type: String, minLength: 1, maxLength, pattern: NOT_BLANK }),
    checkedBy('text', (v) => textProblem(v, maxLength, multiline)),
  );
}

/** A calendar date, YYYY-MM-DD, between 1948 and 2099. */
export function IsoDate(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, {
      type: String,
      format: 'date',
      description: [options.description, `between ${EARLIEST_DATE} and ${LATEST_DATE}`].filter(Boolean).join('; '),
    }),
    checkedBy('isoDate', dateProblem),
  );
}

/** An http(s) link to a document or evidence. */
export function Link(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, format: 'uri', maxLength: MAX_LENGTH.url, pattern: '^https?://' }),
    checkedBy('link', urlProblem),
  );
}

/** An e-mail address. */
export function Email(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, format: 'email', maxLength: MAX_LENGTH.email }),
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

/** A whole number from `min` to `max`. */
export function WholeNumber(min: number, max: number, options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: 'integer', minimum: min, maximum: max }),
    checkedBy('wholeNumber', (v) => integerProblem(v, min, max)),
  );
}
