import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsISO8601, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsInt64String, IsOmittable } from '../../common/validation';
import { AuditAction } from '@prisma/client';
import type { EventDescription } from '../audit-describe';

/** Filters of the auditor's event search (every one optional, combined with AND). */
export class AuditQueryDto {
  @ApiPropertyOptional() @IsOmittable() @IsUUID('all') patientId?: string;
  @ApiPropertyOptional({
    description:
      'Every event about the case: the case, its recommendations, votes, sign-off, implementation, treatment events and the agenda reads that showed it',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  caseId?: string;
  @ApiPropertyOptional() @IsOmittable() @IsUUID('all') actorUserId?: string;
  @ApiPropertyOptional({ enum: AuditAction }) @IsOmittable() @IsEnum(AuditAction) action?: AuditAction;
  @ApiPropertyOptional({ description: 'Recorded at or after (ISO 8601)' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'Recorded before (ISO 8601)' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({
    description:
      "The patient's MRN, or words of their name (every word must match the given or family name); resolved server-side to the patients of your boards",
  })
  @IsOmittable()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  patient?: string;
  @ApiPropertyOptional({ description: 'A case reference, or part of one (CRC-2026-0001)' })
  @IsOmittable()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  caseReference?: string;
  @ApiPropertyOptional({ description: "The actor's e-mail, or part of their name" })
  @IsOmittable()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  user?: string;
  @ApiPropertyOptional({
    description: 'An event type (recommendation.sign-off) or a family of them (recommendation)',
    example: 'recommendation',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z][a-z.-]*[a-z]$/, {
    message: 'type must be an event type such as case.read or a family such as recommendation',
  })
  type?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOmittable()
  @IsInt64String()
  cursor?: string;
  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Pages of "who saw this patient / case". */
export class ReadsQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOmittable()
  @IsInt64String()
  cursor?: string;
  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** One audit event as the auditor API returns it. */
export interface AuditEventView {
  id: string;
  seq: string;
  recordedAt: string;
  action: string;
  type: string;
  outcome: string;
  outcomeDesc: string | null;
  actorUserId: string | null;
  actorRoles: string[];
  onBehalfOfId: string | null;
  sourceService: string;
  sourceInstance: string;
  networkAddress: string | null;
  userAgent: string | null;
  purposeOfUse: string | null;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  boardId: string | null;
  requestId: string | null;
  changes: unknown;
  detail: unknown;
  leafIndex: string | null;
  batchId: string | null;
}

/** An event with its description in words (actor name, entity reference, readable action). */
export type DescribedAuditEvent = AuditEventView & EventDescription;

/** What the auditor's words (patient, caseReference, user) resolved to. */
export interface MatchedTerms {
  patients: { id: string; name: string; mrn: string }[];
  cases: { id: string; reference: string }[];
  users: { id: string; name: string; email: string }[];
}

export interface AuditEventPage {
  items: DescribedAuditEvent[];
  /** What the words of the query matched (empty lists when not given). */
  matched: MatchedTerms;
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
