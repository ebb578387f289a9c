import { ValidationPipe, type ValidationError } from '@nestjs/common';
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
