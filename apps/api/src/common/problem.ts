import { HttpException, HttpStatus } from '@nestjs/common';

/** One problem with one field of a request: the message names the field. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** RFC 9457 problem details, as every error answer of the API is shaped. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** A 400 (or other 4xx) listing every field problem found. */
export class FieldValidationException extends HttpException {
  constructor(
    readonly problems: readonly FieldProblem[],
    status: HttpStatus = HttpStatus.BAD_REQUEST,
  ) {
    super({ message: problems.map((problem) => problem.message).join('; '), errors: problems }, status);
  }
}
