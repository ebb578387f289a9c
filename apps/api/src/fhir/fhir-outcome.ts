import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FhirIssue } from './fhir-import.mapper';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export const issueOf = (
  issue: FhirIssue,
  severity: OperationOutcomeIssue['severity'],
  code: OperationOutcomeIssue['code'],
): OperationOutcomeIssue => ({ severity, code, details: { text: issue.message }, expression: [issue.expression] });

/** A refusal answered as a FHIR OperationOutcome (application/fhir+json), each issue naming its element. */
export class FhirOutcomeException extends HttpException {
  constructor(
    readonly outcome: OperationOutcome,
    status: HttpStatus = HttpStatus.BAD_REQUEST,
  ) {
    super((outcome.issue ?? []).map((issue) => issue.details?.text ?? issue.code).join('; '), status);
  }

  static of(
    issues: readonly FhirIssue[],
    code: OperationOutcomeIssue['code'] = 'invalid',
    status: HttpStatus = HttpStatus.BAD_REQUEST,
  ): FhirOutcomeException {
    return new FhirOutcomeException(
      { resourceType: 'OperationOutcome', issue: issues.map((issue) => issueOf(issue, 'error', code)) },
      status,
    );
  }
}

/** The FHIR routes' refusals: an OperationOutcome instead of problem+json (every other error still goes through ProblemDetailsFilter). */
@Catch(FhirOutcomeException)
export class FhirOutcomeFilter implements ExceptionFilter {
  catch(exception: FhirOutcomeException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    void http
      .getResponse<FastifyReply>()
      .status(exception.getStatus())
      .header('content-type', FHIR_JSON)
      .header('x-request-id', request.id)
      .send(exception.outcome);
  }
}
