import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { DeviationReason, ImplementationStatus, RecommendationStatus, Specialty, VoteChoice } from '@prisma/client';
import { PATHWAY_WORKFLOWS, type BoardDecision } from '@consilium/pathway';
import { caseCoreProperty } from '../../common/openapi/case-core.schemas';
import { IsOmittable } from '../../common/validation';

export const INTENTS = ['curative', 'conversion', 'palliative', 'supportive'] as const;
/** Every pathway's branch codes (the service checks the one of the recommendation's pathway). */
export const ALL_BRANCH_CODES = [...new Set(PATHWAY_WORKFLOWS.flatMap((workflow) => workflow.branchCodes))];
/** Every pathway's regimen codes (the service checks those of the recommendation's pathway). */
export const ALL_PATHWAY_REGIMEN_CODES = [...new Set(PATHWAY_WORKFLOWS.flatMap((workflow) => workflow.regimenCodes))];

/** The board's edit of the draft, made in the meeting. */
export class ProposalDto {
  @ApiProperty({ description: 'The meeting where the board discusses it' })
  @IsUUID('all', { message: 'meetingId must be a UUID' })
  meetingId!: string;

  @ApiPropertyOptional({
    enum: [...ALL_BRANCH_CODES],
    description: "The pathway branch the board proposes (one of its pathway's); omitted for a board-authored plan",
  })
  @IsOmittable()
  @IsIn(ALL_BRANCH_CODES, { message: `branch must be one of ${ALL_BRANCH_CODES.join(', ')}` })
  branch?: string;

  @ApiProperty({ enum: INTENTS })
  @IsIn(INTENTS, { message: `intent must be one of ${INTENTS.join(', ')}` })
  intent!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Ordered steps, as the board words them (a board-authored plan gives its steps in boardPlan)',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  steps?: string[];

  @ApiPropertyOptional({
    enum: ALL_PATHWAY_REGIMEN_CODES,
    isArray: true,
    description:
      "Systemic regimens of the proposal, from its pathway's list (radiotherapy is a step); a board-authored plan gives its regimens in boardPlan",
  })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @IsIn(ALL_PATHWAY_REGIMEN_CODES, {
    each: true,
    message: `each value in regimens must be one of ${ALL_PATHWAY_REGIMEN_CODES.join(', ')}`,
  })
  regimens?: string[];

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'rationale must not be empty' })
  @MaxLength(5000)
  rationale!: string;

  @ApiPropertyOptional({ description: 'Why the first systemic dose is more than 4 weeks away, if it is' })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  systemicDelayReason?: string;

  @ApiPropertyOptional(caseCoreProperty('BoardPlanInput'))
  @IsOmittable()
  @IsObject({ message: 'boardPlan must be an object' })
  boardPlan?: Record<string, unknown>;
}

export class OverrideDto {
  @ApiProperty({ description: 'The code of the block finding being overridden' })
  @IsString()
  @MaxLength(80)
  code!: string;
  @ApiProperty({ description: 'Recorded reason' })
  @IsString()
  @MinLength(10, { message: 'reason must be at least 10 characters' })
  @MaxLength(2000)
  reason!: string;
}

export class SignOffDto {
  @ApiPropertyOptional({
    enum: DeviationReason,
    description: 'Required when the proposal departs from the pathway primary branch',
  })
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
  @ApiProperty({ enum: ImplementationStatus })
  @IsEnum(ImplementationStatus, { message: `status must be one of ${Object.values(ImplementationStatus).join(', ')}` })
  status!: ImplementationStatus;
  @ApiPropertyOptional({ enum: DeviationReason, description: 'Required unless YES' })
  @ValidateIf((dto: ImplementationDto) => dto.status !== 'YES')
  @IsEnum(DeviationReason, { message: `reason must be one of ${Object.values(DeviationReason).join(', ')}` })
  reason?: DeviationReason;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(2000) text?: string;
}

export class OverrideViewDto {
  @ApiProperty({ description: 'The overridden block finding (a finding code of the pathway)' }) code!: string;
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
  @ApiProperty({ description: 'A finding code of the pathway' }) code!: string;
  @ApiProperty() reason!: string;
}

/** The plan the board signed (the proposal of the signed round). */
export class DecisionPlanDto {
  @ApiProperty({ enum: [...ALL_BRANCH_CODES], nullable: true, description: 'null for a board-authored plan' }) branch!:
    string | null;
  @ApiProperty() intent!: string;
  @ApiProperty({ type: [String] }) steps!: string[];
  @ApiProperty({ type: [String] }) regimens!: string[];
  @ApiProperty() rationale!: string;
  @ApiProperty({ nullable: true, type: String }) systemicDelayReason!: string | null;
}

/** The board's signed decision: dated from the meeting, with its signer, votes and any deviation. */
export class BoardDecisionDto {
  @ApiProperty({ format: 'date', description: "The meeting's day: the decision is dated from the meeting" })
  meetingDate!: string;
  @ApiProperty() meetingTitle!: string;
  @ApiProperty() signedBy!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ type: [DecisionVoteDto] }) votes!: DecisionVoteDto[];
  @ApiProperty({
    enum: [...ALL_BRANCH_CODES],
    nullable: true,
    description: "The pathway's primary branch (what the draft proposed); null without a pathway",
  })
  pathwayBranch!: string | null;
  @ApiProperty() followsPathway!: boolean;
  @ApiProperty({ type: DecisionDeviationDto, nullable: true }) deviation!: DecisionDeviationDto | null;
  @ApiProperty({ type: [DecisionOverrideDto] }) overrides!: DecisionOverrideDto[];
  @ApiProperty({ type: DecisionPlanDto }) plan!: DecisionPlanDto;
}

/**
 * The board's proposal as stored and answered: a pathway case's branch and regimen codes, or a
 * board-authored plan (branch null, regimens as the plan's codes and texts, the plan itself).
 */
export class ProposalViewDto {
  @ApiProperty({ description: 'The meeting where the board discusses it' }) meetingId!: string;
  @ApiProperty({
    enum: ALL_BRANCH_CODES,
    nullable: true,
    description: 'The pathway branch proposed; null for a board-authored plan',
  })
  branch!: string | null;
  @ApiProperty({ enum: INTENTS }) intent!: string;
  @ApiProperty({
    type: [String],
    description: 'Ordered steps as the board words them (a board plan: "modality: description")',
  })
  steps!: string[];
  @ApiProperty({
    type: [String],
    description: "The pathway's regimen codes; for a board-authored plan each regimen as its code and text",
  })
  regimens!: string[];
  @ApiProperty() rationale!: string;
  @ApiPropertyOptional({ description: 'Why the first systemic dose is more than 4 weeks away, if it is' })
  systemicDelayReason?: string;
  @ApiPropertyOptional(caseCoreProperty('BoardPlan')) boardPlan?: unknown;
}

export class RecommendationDto {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ nullable: true, type: String }) meetingId!: string | null;
  @ApiProperty() draftVersion!: number;
  @ApiProperty({ nullable: true, type: String, description: 'null: no pathway applies, the board authors the plan' })
  pathwayId!: string | null;
  @ApiProperty({ nullable: true, type: String }) pathwayVersion!: string | null;
  @ApiProperty({ enum: RecommendationStatus }) status!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ enum: [...ALL_BRANCH_CODES], nullable: true }) primaryBranch!: string | null;
  @ApiProperty(caseCoreProperty('AnyDraftPlan')) draftPlan!: unknown;
  @ApiProperty({ type: ProposalViewDto, nullable: true, description: "The board's proposal; null while a draft" })
  proposedPlan!: unknown;
  @ApiProperty({ type: 'array', items: { $ref: getSchemaPath('AnyPathwayFinding') } }) findings!: unknown;
  @ApiProperty({ type: [OverrideViewDto] }) overrides!: unknown;
  @ApiProperty({
    type: 'array',
    items: { $ref: getSchemaPath('AnyPathwayFinding') },
    description: 'Findings of the recorded treatment events against the signed-off plan',
  })
  followUpFindings!: unknown;
  @ApiProperty({ description: 'Markdown summary of the plan and its findings' }) summary!: string;
  @ApiProperty({ nullable: true, type: Boolean }) followsPathway!: boolean | null;
  @ApiProperty({ nullable: true, enum: DeviationReason }) deviationReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) deviationText!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedOffAt!: string | null;
  @ApiProperty({ nullable: true, enum: ImplementationStatus }) implementationStatus!: string | null;
  @ApiProperty({
    type: BoardDecisionDto,
    nullable: true,
    description:
      'The signed board decision (meeting date, signer, votes, deviation, the plan signed); null before sign-off',
  })
  decision!: BoardDecision | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Markdown of the signed board decision; `summary` stays the draft',
  })
  decisionSummary!: string | null;
  @ApiProperty() version!: number;
}

export class TimelineRowDto {
  @ApiProperty({ enum: ['step', 'milestone'] }) kind!: string;
  @ApiProperty({ description: 'step-<order> or the milestone code' }) code!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'The step kind (radiotherapy, surgery, ...) or milestone' }) category!: string;
  @ApiProperty({ description: 'What the days are counted from' }) anchor!: string;
  @ApiProperty({ nullable: true, type: String, description: 'First day (YYYY-MM-DD); null while undated' }) from!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Last day (YYYY-MM-DD); null while undated' }) to!:
    string | null;
  @ApiProperty({ nullable: true, enum: ['window', 'by', 'from', 'day'] }) bound!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Undated: the anchor still without a date (null: "when appropriate")',
  })
  waitsFor!: string | null;
}

export class TimelineDto {
  @ApiProperty() recommendationId!: string;
  @ApiProperty({
    enum: [...ALL_BRANCH_CODES],
    nullable: true,
    description: "The branch drawn: the proposal's, else the pathway's primary; null for a board-authored plan",
  })
  branch!: string | null;
  @ApiProperty({ description: 'The day the steps anchored on the board decision count from' }) boardDecision!: string;
  @ApiProperty({ type: [TimelineRowDto] }) rows!: TimelineRowDto[];
}
