import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsEnum, IsObject, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsOmittable } from '../../common/validation';
import { CaseStatus } from '@prisma/client';

const FACTS_DESCRIPTION =
  'Structured clinical facts in the pathway vocabulary (libs/pathway CaseFacts, without ageYears which comes from the patient): ' +
  'tCategory, nCategory, mCategory, distanceFromAnalVergeCm, mesorectalFasciaThreatened, metastases[{site,count,resectability}], ' +
  'ecog, fitForIntensiveTreatment, comorbidities, creatinineClearanceMlMin, preferences, symptoms, biomarkers. Every problem is named in the 400.';

export class CreateCaseDto {
  @ApiProperty() @IsUUID('all', { message: 'patientId must be a UUID' }) patientId!: string;
  @ApiProperty() @IsUUID('all', { message: 'boardId must be a UUID' }) boardId!: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(2000) questionForBoard?: string;
  @ApiPropertyOptional() @IsOmittable() @IsUUID() referringClinicianId?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(200) referringClinicianName?: string;
  @ApiPropertyOptional({ example: '2026-11-10' })
  @IsOmittable()
  @IsDateString({ strict: true }, { message: 'lastImagingDate must be an ISO date (YYYY-MM-DD)' })
  lastImagingDate?: string;
  @ApiProperty({ description: FACTS_DESCRIPTION, type: 'object', additionalProperties: true })
  @IsObject({ message: 'facts must be an object' })
  facts!: Record<string, unknown>;
}

export class UpdateCaseDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(2000) questionForBoard?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(200) referringClinicianName?: string;
  @ApiPropertyOptional({ example: '2026-11-10' })
  @IsOmittable()
  @IsDateString({ strict: true }, { message: 'lastImagingDate must be an ISO date (YYYY-MM-DD)' })
  lastImagingDate?: string;
  @ApiPropertyOptional({ description: `${FACTS_DESCRIPTION} Replaces the facts as a whole.`, type: 'object', additionalProperties: true })
  @IsOmittable()
  @IsObject({ message: 'facts must be an object' })
  facts?: Record<string, unknown>;
}

export class ChangeCaseStatusDto {
  @ApiProperty({ enum: CaseStatus }) @IsEnum(CaseStatus, { message: `status must be one of ${Object.values(CaseStatus).join(', ')}` }) status!: CaseStatus;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(1000) reason?: string;
}

export class ListCasesQuery {
  @ApiPropertyOptional() @IsOmittable() @IsUUID() boardId?: string;
  @ApiPropertyOptional({ enum: CaseStatus }) @IsOmittable() @IsEnum(CaseStatus) status?: CaseStatus;
}

export class ReadinessItemDto {
  @ApiProperty() code!: string;
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class ReadinessDto {
  @ApiProperty() ready!: boolean;
  @ApiProperty({ type: [ReadinessItemDto] }) missing!: ReadinessItemDto[];
}

export class CaseSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() boardId!: string;
  @ApiProperty({ enum: CaseStatus }) status!: CaseStatus;
  @ApiProperty() patientId!: string;
  @ApiProperty() patientName!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty({ nullable: true, type: String }) questionForBoard!: string | null;
  @ApiProperty() referredAt!: string;
  @ApiProperty({ type: ReadinessDto }) readiness!: ReadinessDto;
  @ApiProperty() version!: number;
}

export class CaseDto extends CaseSummaryDto {
  @ApiProperty({ example: '1962-03-14' }) birthDate!: string;
  @ApiProperty({ nullable: true, type: String }) referringClinicianId!: string | null;
  @ApiProperty({ nullable: true, type: String }) referringClinicianName!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastImagingDate!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'pathway CaseFacts' }) facts!: Record<string, unknown>;
}
