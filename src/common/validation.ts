import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldError {
  field: string;
  errors: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The one shape of a 400: `{ statusCode, error, message, fields: [{ field, errors }] }`, naming each bad field. */
export function badRequestBody(fields: FieldError[], message = `invalid ${fields.map((f) => f.field).join(', ')}`) {
  return { statusCode: 400, error: 'Bad Request', message, fields };
}

export function fieldErrors(fields: FieldError[], message?: string): BadRequestException {
  return new BadRequestException(badRequestBody(fields, message));
}

export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => fieldErrors(flatten(errors)),
  });
}
