import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength } from 'class-validator';

/** A FHIR resource, described by FHIR R4 itself (http://hl7.org/fhir/R4), not by this OpenAPI document. */
export const FHIR_RESOURCE_SCHEMA = {
  type: 'object' as const,
  additionalProperties: true,
  description: 'A FHIR R4 resource (JSON); its structure is defined by FHIR R4, not repeated here',
};

export class FhirImportQuery {
  @ApiProperty({ description: 'The board the imported case is referred to (one of yours)' })
  @IsUUID('all', { message: 'boardId must be a UUID' })
  boardId!: string;
}

export class CarePlanSearchQuery {
  @ApiProperty({ description: 'The patient: their id, as `Patient/<id>` or `<id>`', example: 'Patient/3f1c...' })
  @IsString({ message: 'patient is required (Patient/<id>)' })
  @MaxLength(100)
  patient!: string;
}

export class FhirImportResultDto {
  @ApiProperty({ description: 'The REFERRED case created' }) caseId!: string;
  @ApiProperty() caseReference!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty({
    enum: ['created', 'updated', 'unchanged'],
    description: 'What the import did to the patient matched by MRN',
  })
  patient!: 'created' | 'updated' | 'unchanged';
  @ApiProperty({
    ...FHIR_RESOURCE_SCHEMA,
    description:
      'OperationOutcome: one warning (code not-supported) per element of the Bundle the case does not hold, with its FHIRPath expression',
  })
  outcome!: Record<string, unknown>;
}
