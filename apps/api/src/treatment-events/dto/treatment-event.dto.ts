import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDateString, IsEnum, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { EvaluationKind, ProcedureKind, SurgeryTarget, TreatmentEventKind, TreatmentEventStatus } from '@prisma/client';
import { BOARD_REGIMEN_CODES, PATHWAY_WORKFLOWS, RADIOTHERAPY_CODES } from '@consilium/pathway';

/** Regimen codes a treatment event may list: every pathway's, radiotherapy's and the board's list. */
export const EVENT_REGIMEN_CODES = [
  ...new Set<string>([
    ...PATHWAY_WORKFLOWS.flatMap((workflow) => workflow.regimenCodes),
    ...RADIOTHERAPY_CODES,
    ...BOARD_REGIMEN_CODES,
  ]),
];
import { IsOmittable } from '../../common/validation';
import { RecommendationDto } from '../../recommendations/dto/recommendation.dto';

export class TreatmentEventDto {
  @ApiProperty({ enum: TreatmentEventKind })
  @IsEnum(TreatmentEventKind, { message: `kind must be one of ${Object.values(TreatmentEventKind).join(', ')}` })
  kind!: TreatmentEventKind;
  @ApiPropertyOptional({ enum: TreatmentEventStatus })
  @IsOmittable()
  @IsEnum(TreatmentEventStatus)
  status?: TreatmentEventStatus;
  @ApiProperty({ example: '2026-12-01' })
  @IsDateString({ strict: true }, { message: 'startDate must be an ISO date (YYYY-MM-DD)' })
  startDate!: string;
  @ApiPropertyOptional({ description: 'Radiotherapy: the last fraction' })
  @IsOmittable()
  @IsDateString({ strict: true }, { message: 'endDate must be an ISO date (YYYY-MM-DD)' })
  endDate?: string;
  @ApiPropertyOptional({
    enum: EVENT_REGIMEN_CODES,
    isArray: true,
    description: "Regimen codes of the case's pathway, radiotherapy, or the board's list",
  })
  @IsOmittable()
  @IsArray()
  @IsIn(EVENT_REGIMEN_CODES, {
    each: true,
    message: `each value in regimens must be one of ${EVENT_REGIMEN_CODES.join(', ')}`,
  })
  regimens?: string[];
  @ApiPropertyOptional() @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(99) therapyLine?: number;
  @ApiPropertyOptional({ enum: SurgeryTarget }) @IsOmittable() @IsEnum(SurgeryTarget) surgeryTarget?: SurgeryTarget;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() elective?: boolean;
  @ApiPropertyOptional()
  @IsOmittable()
  @IsDateString({ strict: true }, { message: 'woundHealedDate must be an ISO date (YYYY-MM-DD)' })
  woundHealedDate?: string;
  @ApiPropertyOptional({ enum: ProcedureKind }) @IsOmittable() @IsEnum(ProcedureKind) procedure?: ProcedureKind;
  @ApiPropertyOptional({ enum: EvaluationKind }) @IsOmittable() @IsEnum(EvaluationKind) evaluation?: EvaluationKind;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(2000) notes?: string;
}

/** A recorded treatment event, dates as YYYY-MM-DD. */
export class TreatmentEventViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The signed-off recommendation it was recorded against' })
  recommendationId!: string | null;
  @ApiProperty({ enum: TreatmentEventKind }) kind!: TreatmentEventKind;
  @ApiProperty({ enum: TreatmentEventStatus }) status!: TreatmentEventStatus;
  @ApiProperty({ example: '2026-12-01' }) startDate!: string;
  @ApiProperty({ nullable: true, type: String }) endDate!: string | null;
  @ApiProperty({ enum: EVENT_REGIMEN_CODES, isArray: true }) regimens!: string[];
  @ApiProperty({ nullable: true, type: Number }) therapyLine!: number | null;
  @ApiProperty({ nullable: true, enum: SurgeryTarget }) surgeryTarget!: SurgeryTarget | null;
  @ApiProperty({ nullable: true, type: Boolean }) elective!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) woundHealedDate!: string | null;
  @ApiProperty({ nullable: true, enum: ProcedureKind }) procedure!: ProcedureKind | null;
  @ApiProperty({ nullable: true, enum: EvaluationKind }) evaluation!: EvaluationKind | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ nullable: true, type: String }) recordedById!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** The answer to recording a treatment event: the event and, once signed off, the re-validated recommendation. */
export class TreatmentEventRecordedDto {
  @ApiProperty({ type: TreatmentEventViewDto }) event!: TreatmentEventViewDto;
  @ApiProperty({
    type: RecommendationDto,
    nullable: true,
    description: 'The signed-off recommendation with its re-validated follow-up findings; null before sign-off',
  })
  recommendation!: RecommendationDto | null;
}
