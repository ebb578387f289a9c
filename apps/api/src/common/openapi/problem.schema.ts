import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldProblem, ProblemDetails } from '../problem';

export class FieldProblemSchema implements FieldProblem {
  @ApiProperty({ description: 'The offending field, dotted for nested ones (facts.ecog)', example: 'facts.ecog' })
  field!: string;
  @ApiProperty({ description: 'What is wrong with it', example: 'facts.ecog must be one of 0, 1, 2, 3, 4' })
  message!: string;
}

/** The body of every refusal: RFC 9457 problem details (application/problem+json), with the request id. */
export class ProblemSchema implements ProblemDetails {
  [extension: string]: unknown;
  @ApiProperty({ example: 'about:blank' }) type!: string;
  @ApiProperty({ example: 'Conflict' }) title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiPropertyOptional({ description: 'What happened, for a person' }) detail?: string;
  @ApiPropertyOptional({ description: 'The request path' }) instance?: string;
  @ApiPropertyOptional({ description: 'Echoes X-Request-Id; the same id is in the server log' }) requestId?: string;
  @ApiPropertyOptional({ type: [FieldProblemSchema], description: 'Every invalid field of the request (400)' })
  errors?: FieldProblemSchema[];
}
