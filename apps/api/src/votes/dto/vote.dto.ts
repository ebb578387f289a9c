import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsString, MaxLength } from 'class-validator';
import { Specialty, VoteChoice } from '@prisma/client';
import { IsOmittable } from '../../common/validation';

export class VoteDto {
  @ApiProperty({ enum: VoteChoice })
  @IsEnum(VoteChoice, { message: `choice must be one of ${Object.values(VoteChoice).join(', ')}` })
  choice!: VoteChoice;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(2000) comment?: string;
}

export class VoteViewDto {
  @ApiProperty() voterId!: string;
  @ApiProperty() voter!: string;
  @ApiProperty({ nullable: true, enum: Specialty }) specialty!: string | null;
  @ApiProperty({ enum: VoteChoice }) choice!: VoteChoice;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty() at!: string;
}

export class TallyDto {
  @ApiProperty() round!: number;
  @ApiProperty() approve!: number;
  @ApiProperty() approveWithChanges!: number;
  @ApiProperty() reject!: number;
  @ApiProperty() abstain!: number;
  @ApiProperty() consensus!: boolean;
  @ApiProperty() quorate!: boolean;
  @ApiProperty({ type: [String] }) missingSpecialties!: string[];
  @ApiProperty({ type: [VoteViewDto] }) votes!: unknown[];
}
