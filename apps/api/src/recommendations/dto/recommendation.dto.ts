import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsIn, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { DeviationReason, ImplementationStatus, RecommendationStatus, Specialty, VoteChoice } from '@prisma/client';
import { BRANCH_CODES, FINDING_CODES, SYSTEMIC_REGIMEN_CODES, type BoardDecision } from '@consilium/pathway';
import { IsOmittable } from '../../common/validation';
import { pathwayProperty } from '../../common/openapi/pathway.schemas';

export const INTENTS = ['curative', 'conversion', 'palliative', 'supportive'] as const;

/** The board's edit of the draft, made in the meeting. */
export class ProposalDto {
  @ApiProperty({ description: 'The meeting where the board discusses it' })
  @IsUUID('all', { message: 'meetingId must be a UUID' })
  meetingId!: string;

  @ApiProperty({ enum: BRANCH_CODES })
  @IsIn(BRANCH_CODES, { message: `branch must be one of ${BRANCH_CODES.join(', ')}` })
  branch!: string;

  @ApiProperty({ enum: INTENTS })
  @IsIn(INTENTS, { message: `intent must be one of ${INTENTS.join(', ')}` })
  intent!: string;

  @ApiProperty({ type: [String], description: 'Ordered steps, as the board words them' })
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  steps!: string[];

  @ApiProperty({ enum: SYSTEMIC_REGIMEN_CODES, isArray: true, description: 'Systemic regimens of the proposal (radiotherapy is a step)' })
  @IsArray()
  @ArrayUnique()
  @IsIn(SYSTEMIC_REGIMEN_CODES, { each: true, message: `each value in regimens must be one of ${SYSTEMIC_REGIMEN_CODES.join(', ')}` })
  regimens!: string[];

  @ApiProperty() @IsString() @MinLength(1, { message: 'rationale must not be empty' }) @MaxLength(5000) rationale!: string;

  @ApiPropertyOptional({ description: 'Why the first systemic dose is more than 4 weeks away, if it is' })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  systemicDelayReason?: string;
}

export class OverrideDto {
  @ApiProperty({ description: 'The code of the block finding being overridden' }) @IsString() @MaxLength(80) code!: string;
  @ApiProperty({ description: 'Recorded reason' }) @IsString() @MinLength(10, { message: 'reason must be at least 10 characters' }) @MaxLength(2000) reason!: string;
}

export class SignOffDto {
  @ApiPropertyOptional({ enum: DeviationReason, description: 'Required when the proposal departs from the pathway primary branch' })
  @IsOmittable()
  @IsEnum(DeviationReason, { message: `deviationReason must be one of ${Object.values(DeviationReason).join(', ')}` })
  deviationReason?: DeviationReason;

  @ApiPropertyOptional({ description: 'Required with deviationReason OTHER' })
  @ValidateIf((dto: SignOffDto) => dto.deviationReason === 'OTHER' || dto.deviationText !== undefined)
  @IsString()
  @MinLength(5, { message: 'deviationText must be at least 5 characters' })
  @MaxLength(2000)
  deviationText?: string;
}

export class ImplementationDto {
  @ApiProperty({ enum: ImplementationStatus }) @IsEnum(ImplementationStatus, { message: `status must be one of ${Object.values(ImplementationStatus).join(', ')}` }) status!: ImplementationStatus;
  @ApiPropertyOptional({ enum: DeviationReason, description: 'Required unless YES' })
  @ValidateIf((dto: ImplementationDto) => dto.status !== 'YES')
  @IsEnum(DeviationReason, { message: `reason must be one of ${Object.values(DeviationReason).join(', ')}` })
  reason?: DeviationReason;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(2000) text?: string;
}

export class OverrideViewDto {
  @ApiProperty({ enum: FINDING_CODES, description: 'The overridden block finding' }) code!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() at!: string;
}

/** One vote of the signed round, by name. */
export class DecisionVoteDto {
  @ApiProperty() voter!: string;
  @ApiProperty({ nullable: true, enum: Specialty }) specialty!: string | null;
  @ApiProperty({ enum: VoteChoice }) choice!: string;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
}

/** The departure from the pathway and its reason. */
export class DecisionDeviationDto {
  @ApiProperty({ enum: DeviationReason }) reason!: string;
  @ApiProperty({ nullable: true, type: String }) text!: string | null;
}

/** An overridden block finding and the reason recorded for it. */
export class DecisionOverrideDto {
  @ApiProperty({ enum: FINDING_CODES }) code!: string;
  @ApiProperty() reason!: string;
}

/** The plan the board signed (the proposal of the signed round). */
export class DecisionPlanDto {
  @ApiProperty({ enum: BRANCH_CODES }) branch!: string;
  @ApiProperty() intent!: string;
  @ApiProperty({ type: [String] }) steps!: string[];
  @ApiProperty({ type: [String] }) regimens!: string[];
  @ApiProperty() rationale!: string;
  @ApiProperty({ nullable: true, type: String }) systemicDelayReason!: string | null;
}

/** The board's signed decision: dated from the meeting, with its signer, votes and any deviation. */
export class BoardDecisionDto {
  @ApiProperty({ format: 'date', description: "The meeting's day: the decision is dated from the meeting" }) meetingDate!: string;
  @ApiProperty() meetingTitle!: string;
  @ApiProperty() signedBy!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ type: [DecisionVoteDto] }) votes!: DecisionVoteDto[];
  @ApiProperty({ enum: BRANCH_CODES, description: "The pathway's primary branch (what the draft proposed)" }) pathwayBranch!: string;
  @ApiProperty() followsPathway!: boolean;
  @ApiProperty({ type: DecisionDeviationDto, nullable: true }) deviation!: DecisionDeviationDto | null;
  @ApiProperty({ type: [DecisionOverrideDto] }) overrides!: DecisionOverrideDto[];
  @ApiProperty({ type: DecisionPlanDto }) plan!: DecisionPlanDto;
}

export class RecommendationDto {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ nullable: true, type: String }) meetingId!: string | null;
  @ApiProperty() draftVersion!: number;
  @ApiProperty() pathwayId!: string;
  @ApiProperty() pathwayVersion!: string;
  @ApiProperty({ enum: RecommendationStatus }) status!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ enum: BRANCH_CODES }) primaryBranch!: string;
  @ApiProperty(pathwayProperty('DraftPlan')) draftPlan!: unknown;
  @ApiProperty({ type: ProposalDto, nullable: true, description: "The board's proposal; null while a draft" }) proposedPlan!: unknown;
  @ApiProperty({ type: 'array', items: { $ref: getSchemaPath('PathwayFinding') } }) findings!: unknown;
  @ApiProperty({ type: [OverrideViewDto] }) overrides!: unknown;
  @ApiProperty({ type: 'array', items: { $ref: getSchemaPath('PathwayFinding') }, description: 'Findings of the recorded treatment events against the signed-off plan' }) followUpFindings!: unknown;
  @ApiProperty({ description: 'Markdown summary of the plan and its findings' }) summary!: string;
  @ApiProperty({ nullable: true, type: Boolean }) followsPathway!: boolean | null;
  @ApiProperty({ nullable: true, enum: DeviationReason }) deviationReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) deviationText!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedOffAt!: string | null;
  @ApiProperty({ nullable: true, enum: ImplementationStatus }) implementationStatus!: string | null;
  @ApiProperty({ type: BoardDecisionDto, nullable: true, description: 'The signed board decision (meeting date, signer, votes, deviation, the plan signed); null before sign-off' }) decision!: BoardDecision | null;
  @ApiProperty({ nullable: true, type: String, description: 'Markdown of the signed board decision; `summary` stays the draft' }) decisionSummary!: string | null;
  @ApiProperty() version!: number;
}

export class TimelineRowDto {
  @ApiProperty({ enum: ['step', 'milestone'] }) kind!: string;
  @ApiProperty({ description: 'step-<order> or the milestone code' }) code!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'The step kind (radiotherapy, surgery, ...) or milestone' }) category!: string;
  @ApiProperty({ description: 'What the days are counted from' }) anchor!: string;
  @ApiProperty({ nullable: true, type: String, description: 'First day (YYYY-MM-DD); null while undated' }) from!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Last day (YYYY-MM-DD); null while undated' }) to!: string | null;
  @ApiProperty({ nullable: true, enum: ['window', 'by', 'from', 'day'] }) bound!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Undated: the anchor still without a date (null: "when appropriate")' }) waitsFor!: string | null;
}

export class TimelineDto {
  @ApiProperty() recommendationId!: string;
  @ApiProperty({ enum: BRANCH_CODES, description: 'The branch drawn: the proposal\'s, else the pathway\'s primary' }) branch!: string;
  @ApiProperty({ description: 'The day the steps anchored on the board decision count from' }) boardDecision!: string;
  @ApiProperty({ type: [TimelineRowDto] }) rows!: TimelineRowDto[];
}
