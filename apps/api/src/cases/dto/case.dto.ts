import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsEnum, IsObject, IsString, IsUUID, MaxLength } from 'class-validator';
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

export class ListCasesQuery {
  @ApiPropertyOptional() @IsOmittable() @IsUUID() boardId?: string;
  @ApiPropertyOptional({ enum: CaseStatus }) @IsOmittable() @IsEnum(CaseStatus) status?: CaseStatus;
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
