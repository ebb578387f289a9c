import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateBy, ValidateIf } from 'class-validator';
import { FieldValidationException, type FieldProblem } from './problem';

/** Flattens class-validator errors into dotted field paths (`metastases.0.count`). */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator says "property x should not exist" for unknown fields: name it plainly.
      message: message.startsWith(`property ${error.property} should not exist`)
        ? `${field} is not a known field`
        : message.replace(new RegExp(`^${error.property}\\b`), field),
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The global pipe: unknown fields are refused, known ones transformed to their DTO types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new FieldValidationException(fieldProblems(errors)),
  });
}

/**
 * The field may be left out, but null is not a value for it. class-validator's IsOptional lets
 * null past every other validator (to a NOT NULL column, or read as "no change"): keep that one
 * for the fields documented nullable.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** Omitted or null (a value that says "none", such as `pathwayFacts: null` for no pathway); otherwise validated. */
export function IsNullable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined && value !== null);
}

const INT64_MAX = 2n ** 63n - 1n;

/** A non-negative integer written in decimal that fits a bigint column (cursors, sequence numbers). */
export function IsInt64String(): PropertyDecorator {
  return ValidateBy({
    name: 'isInt64String',
    validator: {
      validate: (value) => typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= INT64_MAX,
      defaultMessage: (args) => `${args?.property ?? 'value'} must be a non-negative integer of at most ${INT64_MAX}`,
    },
  });
}
