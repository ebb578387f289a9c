import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Specialty } from '@prisma/client';

/**
 * The provenance of one recommendation, for the OpenAPI document (and so the web client's types).
 * The shape is apps/api/src/provenance/provenance.ts Provenance. `eventId`, `leafIndex` and
 * `proofPath` link a line to its audit event and its inclusion proof; they are absent where a row
 * has no event of its own (data from before it was audited).
 */
const nullableString = { type: String, nullable: true } as const;

class EventLinkFields {
  @ApiPropertyOptional({ description: 'The audit event of this line' }) eventId?: string;
  @ApiPropertyOptional({ ...nullableString, description: 'Its leaf in the sealed log; null until sealed' }) leafIndex?:
    string | null;
  @ApiPropertyOptional({ description: 'GET it for the inclusion proof', example: '/audit/events/0b9e…/proof' })
  proofPath?: string;
}

export class EventLinkDto {
  @ApiProperty() eventId!: string;
  @ApiProperty(nullableString) leafIndex!: string | null;
  @ApiProperty() proofPath!: string;
}

export class ProvenanceRecommendationDto {
  @ApiProperty() id!: string;
  @ApiProperty() draftVersion!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: a board-authored plan' }) pathwayId!: string | null;
  @ApiProperty({ nullable: true, type: String }) pathwayVersion!: string | null;
  @ApiProperty({ nullable: true, type: String }) primaryBranch!: string | null;
  @ApiProperty() round!: number;
  @ApiProperty() createdAt!: string;
}

export class ProvenanceCaseDto {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() patientName!: string;
  @ApiProperty() mrn!: string;
}

export class ProvenanceMeetingDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: string;
}

export class ProvenanceDraftDto extends EventLinkFields {
  @ApiProperty() id!: string;
  @ApiProperty() draftVersion!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) pathwayVersion!: string | null;
  @ApiProperty({ nullable: true, type: String }) primaryBranch!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'This recommendation (the others are the case’s other versions)' }) current!: boolean;
}

/** Any JSON value (a proposal field: text, number, list, object). */
const anyJson: ApiPropertyOptions = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
  ],
};

export class DiffEntryDto {
  @ApiProperty({ example: 'steps.2' }) path!: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change!: 'added' | 'removed' | 'changed';
  @ApiPropertyOptional({ ...anyJson, description: 'The value before (absent when added)' } as ApiPropertyOptions)
  old?: unknown;
  @ApiPropertyOptional({ ...anyJson, description: 'The value after (absent when removed)' } as ApiPropertyOptions)
  new?: unknown;
}

export class ProvenanceProposalDto extends EventLinkDto {
  @ApiProperty() at!: string;
  @ApiProperty(nullableString) actorName!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The voting round the edit opened' }) round!: number | null;
  @ApiProperty({ type: [DiffEntryDto] }) changes!: DiffEntryDto[];
}

export class ProvenanceOverrideDto extends EventLinkDto {
  @ApiProperty() at!: string;
  @ApiProperty(nullableString) actorName!: string | null;
  @ApiProperty() code!: string;
  @ApiProperty() reason!: string;
}

export class ProvenanceVoteDto extends EventLinkFields {
  @ApiProperty() voterName!: string;
  @ApiProperty({ enum: Specialty, nullable: true }) specialty!: Specialty | null;
  @ApiProperty() choice!: string;
  @ApiProperty(nullableString) comment!: string | null;
  @ApiProperty() at!: string;
}

export class ProvenanceRoundDto {
  @ApiProperty() round!: number;
  @ApiProperty({ type: [ProvenanceVoteDto] }) votes!: ProvenanceVoteDto[];
}

export class ProvenanceAttendeeDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: Specialty, nullable: true }) specialty!: Specialty | null;
}

export class ProvenanceQuorumDto {
  @ApiProperty({ enum: Specialty, isArray: true }) required!: Specialty[];
  @ApiProperty({ enum: Specialty, isArray: true }) present!: Specialty[];
  @ApiProperty({ enum: Specialty, isArray: true }) missing!: Specialty[];
  @ApiProperty() quorate!: boolean;
}

export class ProvenanceSignOffDto extends EventLinkFields {
  @ApiProperty() at!: string;
  @ApiProperty(nullableString) signerName!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) followsPathway!: boolean | null;
  @ApiProperty(nullableString) deviationReason!: string | null;
  @ApiProperty(nullableString) deviationText!: string | null;
  @ApiProperty({ type: Number, nullable: true }) round!: number | null;
  @ApiProperty({
    type: [ProvenanceAttendeeDto],
    description: 'Checked in at the moment of sign-off (replayed from the check-in and check-out events)',
  })
  attendance!: ProvenanceAttendeeDto[];
  @ApiProperty({ type: ProvenanceQuorumDto }) quorum!: ProvenanceQuorumDto;
}

export class ProvenanceImplementationDto extends EventLinkFields {
  @ApiProperty() status!: string;
  @ApiProperty(nullableString) reason!: string | null;
  @ApiProperty(nullableString) text!: string | null;
  @ApiProperty(nullableString) recordedAt!: string | null;
  @ApiProperty(nullableString) actorName!: string | null;
}

export class ProvenanceTreatmentDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() status!: string;
  @ApiProperty() startDate!: string;
  @ApiProperty(nullableString) endDate!: string | null;
  @ApiProperty({ type: [String] }) regimens!: string[];
  @ApiProperty(nullableString) recordedByName!: string | null;
  @ApiProperty({ type: [EventLinkDto] }) events!: EventLinkDto[];
}

export class ProvenanceLineDto extends EventLinkDto {
  @ApiProperty() at!: string;
  @ApiProperty({
    enum: ['draft', 'proposal', 'override', 'attendance', 'vote', 'sign-off', 'status', 'implementation', 'treatment'],
  })
  kind!: string;
  @ApiProperty(nullableString) actorName!: string | null;
  @ApiProperty({ example: 'voted approve in round 1' }) summary!: string;
}

export class ProvenanceDto {
  @ApiProperty({ enum: ['consilium-provenance/v1'] }) format!: 'consilium-provenance/v1';
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: ProvenanceRecommendationDto }) recommendation!: ProvenanceRecommendationDto;
  @ApiProperty({ type: ProvenanceCaseDto }) case!: ProvenanceCaseDto;
  @ApiProperty({ type: ProvenanceMeetingDto, nullable: true }) meeting!: ProvenanceMeetingDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The facts the draft was computed from, as stored with it (the pathway's CaseFacts)",
  })
  factsSnapshot!: unknown;
  @ApiProperty({ type: [ProvenanceDraftDto] }) drafts!: ProvenanceDraftDto[];
  @ApiProperty({ type: [ProvenanceProposalDto] }) proposals!: ProvenanceProposalDto[];
  @ApiProperty({ type: [ProvenanceOverrideDto] }) overrides!: ProvenanceOverrideDto[];
  @ApiProperty({ type: [ProvenanceRoundDto] }) rounds!: ProvenanceRoundDto[];
  @ApiProperty({ type: ProvenanceSignOffDto, nullable: true }) signOff!: ProvenanceSignOffDto | null;
  @ApiProperty({ type: ProvenanceImplementationDto, nullable: true })
  implementation!: ProvenanceImplementationDto | null;
  @ApiProperty({ type: [ProvenanceTreatmentDto] }) treatmentEvents!: ProvenanceTreatmentDto[];
  @ApiProperty({ type: [ProvenanceLineDto], description: 'The whole story in the order the audit trail recorded it' })
  lines!: ProvenanceLineDto[];
}
