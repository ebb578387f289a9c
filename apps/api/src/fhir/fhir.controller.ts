import { Body, Controller, Get, Header, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';
import { CarePlanSearchQuery, FHIR_RESOURCE_SCHEMA, FhirImportQuery, FhirImportResultDto } from './dto/fhir.dto';
import { FHIR_JSON, FhirOutcomeFilter } from './fhir-outcome';
import { FhirService } from './fhir.service';

const fhirContent = (description: string) => ({
  description,
  content: { 'application/fhir+json': { schema: FHIR_RESOURCE_SCHEMA } },
});
/** A 400 answered as an OperationOutcome (the FHIR refusals) or as problem+json (the query's validation). */
const ApiFhirRefusal = (description: string) =>
  ApiResponse({
    status: 400,
    ...fhirContent(
      `${description}: an OperationOutcome (application/fhir+json) naming each element; a bad query parameter is a problem+json`,
    ),
  });

/** FHIR R4 / mCODE exchange. Every route needs a token: the hospital's systems sign in as users. */
@ApiTags('fhir')
@Controller()
@UseFilters(FhirOutcomeFilter)
export class FhirController {
  constructor(private readonly fhir: FhirService) {}

  @ApiOperation({
    summary: 'Import a referral: a FHIR R4 / mCODE transaction or collection Bundle becomes a REFERRED case',
  })
  @ApiConsumes('application/fhir+json', 'application/json')
  @ApiBody({
    schema: {
      ...FHIR_RESOURCE_SCHEMA,
      description:
        'A Bundle (type transaction or collection) with Patient, the mCODE PrimaryCancerCondition, TNM, ECOG, tumour marker / genomic Observations and comorbidity Conditions',
    },
  })
  @ApiFhirRefusal('Not valid FHIR R4, no Patient MRN or primary cancer, or facts the pathway library refuses')
  @ApiRefusals({
    404: 'No board with this boardId among yours',
    409: 'Another patient holds the MRN (concurrent import)',
  })
  @Post('fhir/R4')
  @Roles('COORDINATOR')
  @ApiCreatedResponse({
    type: FhirImportResultDto,
    description:
      'The case, the patient (created, updated or unchanged), and an OperationOutcome listing every element not mapped',
  })
  async import(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: FhirImportQuery,
    @Body() body: Record<string, unknown>,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FhirImportResultDto> {
    const result = await this.fhir.import(user, query.boardId, body, actor);
    void reply.header('Location', `/cases/${result.caseId}`);
    return result;
  }

  @ApiOperation({ summary: 'What this FHIR interface supports (CapabilityStatement)' })
  @Get('fhir/R4/metadata')
  @Header('content-type', FHIR_JSON)
  @ApiProduces('application/fhir+json')
  @ApiOkResponse(fhirContent('CapabilityStatement'))
  metadata(): Record<string, unknown> {
    return this.fhir.capabilities() as unknown as Record<string, unknown>;
  }

  @ApiOperation({ summary: 'Search the board decisions (CarePlans) of a patient' })
  @ApiFhirRefusal('patient is not Patient/<id>')
  @Get('fhir/R4/CarePlan')
  @Header('content-type', FHIR_JSON)
  @ApiProduces('application/fhir+json')
  @ApiOkResponse(
    fhirContent(
      "A searchset Bundle of the CarePlans of signed-off recommendations for the patient's cases on your boards",
    ),
  )
  async searchCarePlans(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: CarePlanSearchQuery,
    @Actor() actor: AuditActor,
  ): Promise<Record<string, unknown>> {
    return (await this.fhir.searchCarePlans(user, query.patient, actor)) as unknown as Record<string, unknown>;
  }

  @ApiOperation({
    summary:
      "The board decision as a FHIR document Bundle (Composition, CarePlan, votes, signer, the case's mCODE resources, the decision letter)",
  })
  @ApiRefusals({ 409: 'The recommendation is not signed off' })
  @Get('recommendations/:id/fhir')
  @ScopedBy('recommendation')
  @Header('content-type', FHIR_JSON)
  @ApiProduces('application/fhir+json')
  @ApiOkResponse(fhirContent('A document Bundle'))
  async decision(@Param('id') id: string, @Actor() actor: AuditActor): Promise<Record<string, unknown>> {
    return (await this.fhir.decisionBundle(id, actor)) as unknown as Record<string, unknown>;
  }
}
