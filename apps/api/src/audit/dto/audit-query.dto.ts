import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsISO8601, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsInt64String, IsOmittable } from '../../common/validation';
import { AuditAction } from '@prisma/client';

/** Filters of the auditor's event search (every one optional, combined with AND). */
export class AuditQueryDto {
  @ApiPropertyOptional() @IsOmittable() @IsUUID('all') patientId?: string;
  @ApiPropertyOptional({ description: 'Every event about the case: the case, its recommendations, votes, sign-off, implementation, treatment events and the agenda reads that showed it' }) @IsOmittable() @IsString() @MaxLength(100) caseId?: string;
  @ApiPropertyOptional() @IsOmittable() @IsUUID('all') actorUserId?: string;
  @ApiPropertyOptional({ enum: AuditAction }) @IsOmittable() @IsEnum(AuditAction) action?: AuditAction;
  @ApiPropertyOptional({ description: 'Recorded at or after (ISO 8601)' }) @IsOmittable() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'Recorded before (ISO 8601)' }) @IsOmittable() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOmittable() @IsInt64String() cursor?: string;
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
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

export interface AuditEventPage {
  items: AuditEventView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
