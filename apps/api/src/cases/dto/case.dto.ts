import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDateString,
  IsEnum,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsNullable, IsOmittable } from '../../common/validation';
import { CaseStatus } from '@prisma/client';
import { ALL_READINESS_CODES } from '@consilium/pathway';
import { caseCoreProperty } from '../../common/openapi/case-core.schemas';
import { ReportLinkDto, ReportLinksInput, ReportLinkViewDto } from './report-link.dto';

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
  @ReportLinksInput() reportLinks?: ReportLinkDto[];
  @ApiProperty(caseCoreProperty('CaseCoreInput'))
  @IsObject({ message: 'core must be an object' })
  core!: Record<string, unknown>;
  @ApiPropertyOptional(caseCoreProperty('PathwayFactsInput'))
  // Documented nullable: null is "no pathway" (the board authors the plan).
  @IsNullable()
  @IsObject({ message: 'pathwayFacts must be an object or null' })
  pathwayFacts?: Record<string, unknown> | null;
}

export class UpdateCaseDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(2000) questionForBoard?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(200) referringClinicianName?: string;
  @ApiPropertyOptional({ example: '2026-11-10' })
  @IsOmittable()
  @IsDateString({ strict: true }, { message: 'lastImagingDate must be an ISO date (YYYY-MM-DD)' })
  lastImagingDate?: string;
  @ReportLinksInput() reportLinks?: ReportLinkDto[];
  @ApiPropertyOptional(caseCoreProperty('CaseCoreInput'))
  @IsOmittable()
  @IsObject({ message: 'core must be an object' })
  core?: Record<string, unknown>;
  @ApiPropertyOptional(caseCoreProperty('PathwayFactsInput'))
  // Documented nullable: null is "no pathway" (the board authors the plan).
  @IsNullable()
  @IsObject({ message: 'pathwayFacts must be an object or null' })
  pathwayFacts?: Record<string, unknown> | null;
}

export class ChangeCaseStatusDto {
  @ApiProperty({ enum: CaseStatus })
  @IsEnum(CaseStatus, { message: `status must be one of ${Object.values(CaseStatus).join(', ')}` })
  status!: CaseStatus;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(1000) reason?: string;
}

export const CASE_PAGE_DEFAULT = 25;
export const CASE_PAGE_MAX = 100;

export class ListCasesQuery {
  @ApiPropertyOptional() @IsOmittable() @IsUUID() boardId?: string;
  @ApiPropertyOptional({ enum: CaseStatus })
  @IsOmittable()
  @IsEnum(CaseStatus, { message: `status must be one of ${Object.values(CaseStatus).join(', ')}` })
  status?: CaseStatus;
  @ApiPropertyOptional({ description: 'ICD-10 site code prefix, e.g. C18 (colon) or C34.1', example: 'C18' })
  @IsOmittable()
  @IsString()
  @Matches(/^[CD]\d{0,2}(\.\d{0,2})?$/, { message: 'site must be an ICD-10 code prefix such as C18 or C34.1' })
  site?: string;
  @ApiPropertyOptional({ description: "A pathway id, or 'none' for cases without a pathway" })
  @IsOmittable()
  @IsString()
  @MaxLength(60)
  pathway?: string;
  @ApiPropertyOptional({
    description: 'Search: part of the case reference or of the patient name, or the MRN (case-insensitive)',
  })
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
  @ApiPropertyOptional({
    description: 'The cursor of the next page, from the Link header (rel="next") of the previous one',
  })
  @IsOmittable()
  @Matches(/^[A-Za-z0-9_-]{10,200}$/, { message: 'cursor must be the cursor of a Link header' })
  cursor?: string;
}

export class ReadinessItemDto {
  @ApiProperty({ enum: ALL_READINESS_CODES, description: 'Common checks, then those of the pathway the case follows' })
  code!: string;
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class ReadinessDto {
  @ApiProperty() ready!: boolean;
  @ApiProperty({ type: [ReadinessItemDto] }) missing!: ReadinessItemDto[];
}

/** A pathway by id, version and title. */
export class PathwayRefDto {
  @ApiProperty({ example: 'colon-stage-i-iii' }) id!: string;
  @ApiProperty() version!: string;
  @ApiProperty() title!: string;
}

/** A pathway that does not apply to the case, and why. */
export class PathwayNotApplicableDto extends PathwayRefDto {
  @ApiProperty() reason!: string;
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
  @ApiProperty({ description: 'ICD-10 site of the primary (core.primary.siteCode)', example: 'C18.7' })
  siteCode!: string;
  @ApiProperty({
    type: PathwayRefDto,
    nullable: true,
    description: 'The pathway the case follows; null: the board authors the plan',
  })
  pathway!: PathwayRefDto | null;
  @ApiProperty() referredAt!: string;
  @ApiProperty({ type: ReadinessDto }) readiness!: ReadinessDto;
  @ApiProperty() version!: number;
}

export class CaseDto extends CaseSummaryDto {
  @ApiProperty({ example: '1962-03-14' }) birthDate!: string;
  @ApiProperty({ nullable: true, type: String }) referringClinicianId!: string | null;
  @ApiProperty({ nullable: true, type: String }) referringClinicianName!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastImagingDate!: string | null;
  @ApiProperty({ type: [ReportLinkViewDto], description: 'Links to the imaging and pathology reports' })
  reportLinks!: ReportLinkViewDto[];
  @ApiProperty(caseCoreProperty('CaseCore')) core!: Record<string, unknown>;
  @ApiProperty(caseCoreProperty('PathwayFacts')) pathwayFacts!: Record<string, unknown> | null;
  @ApiProperty({
    type: [PathwayRefDto],
    description: 'The pathways whose rules apply to this core (the intake may choose one of them)',
  })
  applicablePathways!: PathwayRefDto[];
  @ApiProperty({
    type: [PathwayNotApplicableDto],
    description: 'The other pathways, each with the reason it does not apply',
  })
  notApplicablePathways!: PathwayNotApplicableDto[];
}
