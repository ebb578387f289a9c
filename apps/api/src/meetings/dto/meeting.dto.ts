import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AgendaOutcome, CaseStatus, MeetingStatus, RecommendationStatus, Specialty } from '@prisma/client';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsOmittable } from '../../common/validation';
import { PathwayRefDto, ReadinessDto } from '../../cases/dto/case.dto';
import { ReportLinkViewDto } from '../../cases/dto/report-link.dto';
import { caseCoreProperty } from '../../common/openapi/case-core.schemas';
import { ALL_BRANCH_CODES } from '../../recommendations/dto/recommendation.dto';

export class CreateMeetingDto {
  @ApiProperty() @IsUUID() boardId!: string;
  @ApiPropertyOptional({ description: 'Defaults to the board name' })
  @IsOmittable()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title?: string;
  @ApiProperty({ example: '2026-12-03T16:00:00Z' }) @IsISO8601({ strict: true }) startsAt!: string;
  @ApiPropertyOptional({ description: "Defaults to the board's default meeting length" })
  @IsOmittable()
  @IsInt()
  @Min(15)
  @Max(600)
  durationMinutes?: number;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(300) location?: string;
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(2000)
  videoLink?: string;
  @ApiPropertyOptional({ description: 'A clinician member of the board' }) @IsOmittable() @IsUUID() chairId?: string;
}

/** Every field optional; null clears location, video link or chair. */
export class UpdateMeetingDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(2) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOmittable() @IsISO8601({ strict: true }) startsAt?: string;
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(15) @Max(600) durationMinutes?: number;
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(300)
  location?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(2000)
  videoLink?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsUUID()
  chairId?: string | null;
}

export class MeetingDelegateDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "A clinician member of the board who edits the proposal in the chair's place; null removes the delegate",
  })
  @ValidateIf((_object, value) => value !== null)
  @IsUUID('all', { message: 'userId must be the UUID of a clinician of the board, or null' })
  userId!: string | null;
}

export class ChangeMeetingStatusDto {
  @ApiProperty({ enum: MeetingStatus })
  @IsEnum(MeetingStatus, { message: `status must be one of ${Object.values(MeetingStatus).join(', ')}` })
  status!: MeetingStatus;
}

export class OpenVotingWindowDto {
  @ApiProperty({
    description: 'When the asynchronous voting window closes (ISO 8601, in the future, at most 14 days ahead)',
  })
  @IsISO8601({ strict: true })
  closesAt!: string;
}

export class ListMeetingsQuery {
  @ApiPropertyOptional() @IsOmittable() @IsUUID() boardId?: string;
  @ApiPropertyOptional({ description: 'Meetings starting at or after this instant' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'Meetings starting before this instant' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  to?: string;
}

export class MeetingDto {
  @ApiProperty() id!: string;
  @ApiProperty() boardId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ nullable: true, type: String }) videoLink!: string | null;
  @ApiProperty({ enum: MeetingStatus }) status!: MeetingStatus;
  @ApiProperty({ nullable: true, type: String }) chairId!: string | null;
  @ApiProperty({ nullable: true, type: String }) chairName!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "The clinician the chair named to edit the proposal in the chair's place (sign-off stays with the chair)",
  })
  delegateId!: string | null;
  @ApiProperty({ nullable: true, type: String }) delegateName!: string | null;
  @ApiProperty({ enum: Specialty, isArray: true }) requiredSpecialties!: Specialty[];
  @ApiProperty() agendaItemCount!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The asynchronous voting window the chair opened closes then (votes and sign-off until then)',
  })
  votingOpenUntil!: string | null;
  @ApiPropertyOptional({
    description:
      'Votes and sign-off are open now: the meeting is in progress (from 15 minutes before its start until closed) or a voting window is open',
  })
  votingOpen!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The agenda item the presentation view shows now' })
  presentedItemId!: string | null;
  @ApiProperty() version!: number;
}

export class PresentItemDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The agenda item to show in the presentation view; null when none',
  })
  @ValidateIf((_object, value) => value !== null)
  @IsUUID('all', { message: 'itemId must be the UUID of an agenda item, or null' })
  itemId!: string | null;
}

// ---------------------------------------------------------------------------------------------
// Agenda

export class AddAgendaItemDto {
  @ApiProperty() @IsUUID() caseId!: string;
  @ApiPropertyOptional({ default: 10 }) @IsOmittable() @IsInt() @Min(1) @Max(240) minutesAllotted?: number;
  @ApiPropertyOptional({ description: 'A member of the board' }) @IsOmittable() @IsUUID() presenterId?: string;
}

export class UpdateAgendaItemDto {
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(1) @Max(240) minutesAllotted?: number;
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsUUID()
  presenterId?: string | null;
}

export class DiscussionNotesDto {
  @ApiProperty({
    description: 'What the board said about the case (replaces the notes; empty clears them)',
    maxLength: 10000,
  })
  @IsString({ message: 'notes must be text' })
  @MaxLength(10000)
  notes!: string;
}

export class RecordOutcomeDto {
  @ApiProperty({
    enum: AgendaOutcome,
    description: 'DEFERRED to a later meeting, MORE_INFORMATION requested, or REFERRED_ELSEWHERE',
  })
  @IsEnum(AgendaOutcome, { message: `outcome must be one of ${Object.values(AgendaOutcome).join(', ')}` })
  outcome!: AgendaOutcome;
  @ApiProperty({
    description: 'What is missing (deferred, more information) or where the patient is referred',
    maxLength: 2000,
  })
  @IsString({ message: 'detail must be text' })
  @IsNotEmpty({ message: 'detail must say what is missing or where the patient is referred' })
  @MaxLength(2000)
  detail!: string;
  @ApiPropertyOptional({
    description: 'DEFERRED only: the later open meeting of the board the case moves to (it is put on its agenda)',
  })
  @IsOmittable()
  @IsUUID('all', { message: 'deferredToMeetingId must be a UUID' })
  deferredToMeetingId?: string;
}

export class ReorderAgendaDto {
  @ApiProperty({ type: [String], description: 'Every item of the agenda, once, in the new order' })
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique({ message: 'itemIds must not repeat an item' })
  @IsUUID('all', { each: true, message: 'each value in itemIds must be a UUID' })
  itemIds!: string[];
}

export class PersonRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Specialty, nullable: true }) specialty!: Specialty | null;
}

export class AgendaItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() meetingId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() caseReference!: string;
  @ApiProperty({ description: '0-based order on the agenda' }) position!: number;
  @ApiProperty() minutesAllotted!: number;
  @ApiProperty({ type: PersonRefDto, nullable: true }) presenter!: PersonRefDto | null;
  @ApiProperty({ nullable: true, type: String }) discussionNotes!: string | null;
  @ApiProperty({
    enum: AgendaOutcome,
    nullable: true,
    description: 'Set when the meeting ended the item without a decision',
  })
  outcome!: AgendaOutcome | null;
  @ApiProperty({ nullable: true, type: String }) outcomeDetail!: string | null;
  @ApiProperty({ nullable: true, type: String }) deferredToMeetingId!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcomeRecordedAt!: string | null;
}

export class AgendaCaseDto {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: CaseStatus }) status!: CaseStatus;
  @ApiProperty({ nullable: true, type: String }) questionForBoard!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastImagingDate!: string | null;
  @ApiProperty({ type: [ReportLinkViewDto], description: 'Links to the imaging and pathology reports' })
  reportLinks!: ReportLinkViewDto[];
}

export class AgendaPatientDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty() birthDate!: string;
}

export class AgendaDraftPlanDto {
  @ApiProperty() recommendationId!: string;
  @ApiProperty() draftVersion!: number;
  @ApiProperty({ enum: RecommendationStatus }) status!: string;
  @ApiProperty({
    enum: [...ALL_BRANCH_CODES],
    nullable: true,
    description: "The pathway's primary branch; null for a board-authored plan",
  })
  primaryBranch!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null: no pathway, the board authors the plan' })
  pathwayId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Markdown summary of the drafted plan' }) summary!:
    string | null;
}

export class AgendaEntryDto {
  @ApiProperty({ type: AgendaItemDto }) item!: AgendaItemDto;
  @ApiProperty({ type: AgendaCaseDto }) case!: AgendaCaseDto;
  @ApiProperty({ type: AgendaPatientDto }) patient!: AgendaPatientDto;
  @ApiProperty(caseCoreProperty('CaseCore')) core!: Record<string, unknown>;
  @ApiProperty({
    type: PathwayRefDto,
    nullable: true,
    description: 'The pathway the case follows; null: the board authors the plan',
  })
  pathway!: PathwayRefDto | null;
  @ApiProperty(caseCoreProperty('PathwayFacts')) pathwayFacts!: Record<string, unknown> | null;
  @ApiProperty({ type: ReadinessDto }) readiness!: ReadinessDto;
  @ApiProperty({ type: AgendaDraftPlanDto, nullable: true }) draftPlan!: AgendaDraftPlanDto | null;
}

export class AgendaTotalsDto {
  @ApiProperty() items!: number;
  @ApiProperty() minutesAllotted!: number;
  @ApiProperty() meetingDurationMinutes!: number;
  @ApiProperty({ description: 'Minutes allotted beyond the meeting duration (0 when it fits)' })
  overrunMinutes!: number;
}

export class AgendaDto {
  @ApiProperty({ type: MeetingDto }) meeting!: MeetingDto;
  @ApiProperty({ type: [AgendaEntryDto] }) items!: AgendaEntryDto[];
  @ApiProperty({ type: AgendaTotalsDto }) totals!: AgendaTotalsDto;
}

// ---------------------------------------------------------------------------------------------
// Attendance

export class CheckInDto {
  @ApiProperty({ description: 'The attendee (a clinician may only check in themselves)' }) @IsUUID() userId!: string;
}

export class AttendeeDto {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Specialty, nullable: true }) specialty!: Specialty | null;
  @ApiProperty() checkedInAt!: string;
  @ApiProperty({ nullable: true, type: String }) checkedInById!: string | null;
  @ApiProperty({ nullable: true, type: String }) leftAt!: string | null;
}

export class QuorumDto {
  @ApiProperty({ enum: Specialty, isArray: true }) requiredSpecialties!: Specialty[];
  @ApiProperty({ enum: Specialty, isArray: true }) presentSpecialties!: Specialty[];
  @ApiProperty({ enum: Specialty, isArray: true }) missingSpecialties!: Specialty[];
  @ApiProperty() quorate!: boolean;
}

export class AttendanceDto {
  @ApiProperty({ type: [AttendeeDto] }) attendees!: AttendeeDto[];
  @ApiProperty({ type: QuorumDto }) quorum!: QuorumDto;
}
