import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsEnum, IsInt, IsObject, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { IsOmittable } from '../../common/validation';
import { CaseStatus } from '@prisma/client';
import type { ReadinessItem } from '@consilium/db';
import { membersOf } from '../../common/openapi/members-of';
import { pathwayProperty } from '../../common/openapi/pathway.schemas';

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
  @ApiProperty(pathwayProperty('CaseFactsInput'))
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
  @ApiPropertyOptional(pathwayProperty('CaseFactsInput'))
  @IsOmittable()
  @IsObject({ message: 'facts must be an object' })
  facts?: Record<string, unknown>;
}

export class ChangeCaseStatusDto {
  @ApiProperty({ enum: CaseStatus }) @IsEnum(CaseStatus, { message: `status must be one of ${Object.values(CaseStatus).join(', ')}` }) status!: CaseStatus;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(1000) reason?: string;
}

export const CASE_PAGE_DEFAULT = 25;
export const CASE_PAGE_MAX = 100;

export class ListCasesQuery {
  @ApiPropertyOptional() @IsOmittable() @IsUUID() boardId?: string;
  @ApiPropertyOptional({ enum: CaseStatus }) @IsOmittable() @IsEnum(CaseStatus, { message: `status must be one of ${Object.values(CaseStatus).join(', ')}` }) status?: CaseStatus;
  @ApiPropertyOptional({ description: 'Search: part of the case reference or of the patient name, or the MRN (case-insensitive)' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: `Cases per page (1-${CASE_PAGE_MAX}, default ${CASE_PAGE_DEFAULT})` })
  @IsOmittable()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(CASE_PAGE_MAX)
  limit?: number;
  @ApiPropertyOptional({ description: 'The cursor of the next page, from the Link header (rel="next") of the previous one' })
  @IsOmittable()
  @Matches(/^[A-Za-z0-9_-]{10,200}$/, { message: 'cursor must be the cursor of a Link header' })
  cursor?: string;
}

const READINESS_CODES = membersOf<ReadinessItem['code']>({
  MMR_UNKNOWN: true,
  RAS_UNKNOWN: true,
  BRAF_UNKNOWN: true,
  DPD_UNKNOWN: true,
  ECOG_MISSING: true,
  RESECTABILITY_MISSING: true,
  IMAGING_DATE_MISSING: true,
  QUESTION_MISSING: true,
});

export class ReadinessItemDto {
  @ApiProperty({ enum: READINESS_CODES }) code!: string;
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
  @ApiProperty(pathwayProperty('CaseFacts')) facts!: Record<string, unknown>;
}
