import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsUUID } from 'class-validator';
import { IsOmittable } from '../../common/validation';

export class ReportQuery {
  @ApiProperty() @IsUUID() boardId!: string;
  @ApiPropertyOptional({
    description: 'Start of the period (inclusive); default one year before `to`',
    example: '2026-01-01',
  })
  @IsOmittable()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'End of the period (exclusive); default now', example: '2027-01-01' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  to?: string;
}

export class DurationStatsDto {
  @ApiProperty({ description: 'Cases measured' }) count!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median, in days (1 decimal)' }) medianDays!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '90th percentile (continuous), in days (1 decimal)' })
  p90Days!: number | null;
}

export class ConcordanceDto {
  @ApiProperty({ description: 'Recommendations signed off in the period (all cases)' }) signedOff!: number;
  @ApiProperty({
    description:
      'Of those, drafted by a pathway (concordance counts only these; a board-authored plan has nothing to follow)',
  })
  pathwaySignedOff!: number;
  @ApiProperty({ description: 'Of the pathway ones, following the pathway' }) followingPathway!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'followingPathway / pathwaySignedOff (null when none)' })
  share!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Departures by deviation reason (UNSPECIFIED when none was given)',
  })
  departuresByReason!: Record<string, number>;
}

/** Named apart from plans' ImplementationDto (the request body): OpenAPI schemas are named by class. */
export class ImplementationRatesDto {
  @ApiProperty() yes!: number;
  @ApiProperty() partly!: number;
  @ApiProperty() no!: number;
  @ApiProperty({ description: 'Signed off, implementation not yet recorded' }) notRecorded!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'yes / recorded (null when none recorded)' }) rate!:
    number | null;
}

/** Signed-off decisions of one tumour site and pathway. */
export class SitePathwayGroupDto {
  @ApiProperty({ description: 'ICD-10 category of the primary site, e.g. C18 (colon), C20 (rectum), C34 (lung)' })
  site!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: board-authored plans (no pathway)' }) pathwayId!:
    string | null;
  @ApiProperty() signedOff!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null without a pathway' }) followingPathway!:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'followingPathway / signedOff; null without a pathway' })
  share!: number | null;
  @ApiProperty({ description: 'Implementation recorded as YES' }) implementedYes!: number;
}

export class BoardReportDto {
  @ApiProperty() boardId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: ConcordanceDto }) concordance!: ConcordanceDto;
  @ApiProperty({ type: [SitePathwayGroupDto], description: 'Decisions by tumour site and pathway' })
  bySiteAndPathway!: SitePathwayGroupDto[];
  @ApiProperty({ type: DurationStatsDto, description: 'Referral to discussion, for cases discussed in the period' })
  referralToDiscussion!: DurationStatsDto;
  @ApiProperty({
    type: DurationStatsDto,
    description: 'Discussion to treatment start, for cases discussed in the period that started treatment',
  })
  discussionToTreatment!: DurationStatsDto;
  @ApiProperty({ type: ImplementationRatesDto, description: 'For recommendations signed off in the period' })
  implementation!: ImplementationRatesDto;
}
