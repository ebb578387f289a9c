import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditAction } from '@prisma/client';

/** Filters of the auditor's event search (every one optional, combined with AND). */
export class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') patientId?: string;
  @ApiPropertyOptional({ description: 'Every event about the case: the case, its recommendations, votes, sign-off, implementation, treatment events and the agenda reads that showed it' }) @IsOptional() @IsString() @MaxLength(100) caseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') actorUserId?: string;
  @ApiPropertyOptional({ enum: AuditAction }) @IsOptional() @IsEnum(AuditAction) action?: AuditAction;
  @ApiPropertyOptional({ description: 'Recorded at or after (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'Recorded before (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @Matches(/^\d{1,19}$/, { message: 'cursor is invalid' }) cursor?: string;
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
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
