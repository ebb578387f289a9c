import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateNested,
  isURL,
} from 'class-validator';
import { IsOmittable } from '../../common/validation';

export const REPORT_LINK_KINDS = ['IMAGING', 'PATHOLOGY', 'OTHER'] as const;
export type ReportLinkKind = (typeof REPORT_LINK_KINDS)[number];
/** The most report links one case holds. */
export const REPORT_LINKS_MAX = 20;

/**
 * An https URL, or a path on the hospital's own viewer (`/pacs/study/123`). Every other scheme
 * (javascript:, data:, file:, http:) and protocol-relative `//host` URLs are refused: the link is
 * rendered as an anchor on every screen of the meeting.
 */
export function isReportUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000 || /\s/.test(value)) return false;
  if (value.startsWith('/')) return !value.startsWith('//') && !value.includes('\\');
  return isURL(value, { protocols: ['https'], require_protocol: true, require_valid_protocol: true });
}

function IsReportUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isReportUrl',
    validator: {
      validate: isReportUrl,
      defaultMessage: (args) =>
        `${args?.property ?? 'url'} must be an https:// URL or a path of the hospital viewer starting with /`,
    },
  });
}

/** A link to an imaging or pathology report (the report stays in its own system: only the URL is stored). */
export class ReportLinkDto {
  @ApiProperty({ enum: REPORT_LINK_KINDS })
  @IsIn(REPORT_LINK_KINDS, { message: `kind must be one of ${REPORT_LINK_KINDS.join(', ')}` })
  kind!: ReportLinkKind;
  @ApiProperty({ example: 'MRI pelvis, staging', maxLength: 200 })
  @IsString({ message: 'title must be text' })
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title!: string;
  @ApiProperty({
    example: 'https://pacs.hospital.example/study/1.2.840.1',
    description: 'https://, or a path of the hospital viewer starting with /',
  })
  @IsReportUrl()
  url!: string;
  @ApiPropertyOptional({
    example: '2026-11-10',
    nullable: true,
    type: String,
    description: 'The date of the study or report',
  })
  @IsOmittable()
  @IsDateString({ strict: true }, { message: 'date must be an ISO date (YYYY-MM-DD)' })
  date?: string;
}

/** The `reportLinks` field of the case intake and edit: the whole list, each link validated and named (`reportLinks.0.url`). */
export function ReportLinksInput(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: [ReportLinkDto],
      description: `Links to the imaging and pathology reports (at most ${REPORT_LINKS_MAX}); replaces the list`,
    }),
    IsOmittable(),
    IsArray({ message: 'reportLinks must be a list' }),
    ArrayMaxSize(REPORT_LINKS_MAX, { message: `reportLinks holds at most ${REPORT_LINKS_MAX} links` }),
    ValidateNested({ each: true }),
    Type(() => ReportLinkDto),
  ) as PropertyDecorator;
}

/** A stored report link as the API returns it. */
export class ReportLinkViewDto {
  @ApiProperty({ enum: REPORT_LINK_KINDS }) kind!: ReportLinkKind;
  @ApiProperty() title!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) date!: string | null;
}

export type ReportLink = ReportLinkViewDto;

/** The stored JSON column as the API returns it (written only from validated DTOs). */
export function reportLinksOf(value: unknown): ReportLink[] {
  return Array.isArray(value) ? (value as ReportLink[]) : [];
}

/** Validated input as stored: the date explicit (null when none). */
export function toStoredReportLinks(links: readonly ReportLinkDto[]): ReportLink[] {
  return links.map((link) => ({ kind: link.kind, title: link.title.trim(), url: link.url, date: link.date ?? null }));
}
