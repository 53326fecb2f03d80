import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateBy } from 'class-validator';
import { isStorableText } from '../../../workflows/mandate/lifecycle';

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

/** A string with something in it, at most `maxLength` characters. */
export function Text(maxLength: number, options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, maxLength }),
    IsString(),
    Matches(/\S/, { message: '$property must not be empty' }),
    ValidateBy({
      name: 'storableText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isStorableText(value),
        defaultMessage: () => '$property must not contain control characters',
      },
    }),
    MaxLength(maxLength),
  );
}

/** A calendar date, YYYY-MM-DD. */
export function IsoDate(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, format: 'date' }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date in the form YYYY-MM-DD' }),
    IsDateString({ strict: true }, { message: '$property must be a valid calendar date' }),
  );
}

/** An http(s) link to a document or evidence. */
export function Link(options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { type: String, format: 'uri' }),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
      { message: '$property must be an http(s) URL' },
    ),
    MaxLength(2000),
  );
}

/** One of a closed list of values. */
export function OneOf(values: readonly string[], options: FieldOptions = {}) {
  return applyDecorators(
    ...documented(options, { enum: values }),
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }),
  );
}
