import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOmittable } from '../../common/validation';
import { Specialty } from '@prisma/client';

export class CreateBoardDto {
  @ApiProperty({ example: 'Colorectal MDT' }) @IsString() @MinLength(2) @MaxLength(120) name!: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(1000) description?: string;

  @ApiProperty({ enum: Specialty, isArray: true, description: 'Specialties that must attend for quorum' })
  @IsArray()
  @ArrayUnique()
  @IsEnum(Specialty, {
    each: true,
    message: `each value in requiredSpecialties must be one of ${Object.values(Specialty).join(', ')}`,
  })
  requiredSpecialties!: Specialty[];

  @ApiPropertyOptional({ example: 2 }) @IsOmittable() @IsInt() @Min(1) @Max(99) consensusNumerator?: number;
  @ApiPropertyOptional({ example: 3 }) @IsOmittable() @IsInt() @Min(1) @Max(99) consensusDenominator?: number;
  @ApiPropertyOptional({ example: 90 }) @IsOmittable() @IsInt() @Min(15) @Max(600) defaultMeetingMinutes?: number;

  @ApiPropertyOptional({ example: 'CRC' })
  @IsOmittable()
  @Matches(/^[A-Z]{2,8}$/, { message: 'caseReferencePrefix must be 2-8 capital letters' })
  caseReferencePrefix?: string;
}

export class BoardDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: Specialty, isArray: true }) requiredSpecialties!: Specialty[];
  @ApiProperty() consensusNumerator!: number;
  @ApiProperty() consensusDenominator!: number;
  @ApiProperty() defaultMeetingMinutes!: number;
  @ApiProperty() caseReferencePrefix!: string;
}

export class BoardMemberDto {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Specialty, nullable: true }) specialty!: Specialty | null;
  @ApiProperty({ enum: ['COORDINATOR', 'CLINICIAN', 'AUDITOR', 'ADMIN'], isArray: true }) roles!: string[];
}
