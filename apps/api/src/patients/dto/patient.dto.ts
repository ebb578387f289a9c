import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsEnum, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Sex } from '@prisma/client';

export class CreatePatientDto {
  @ApiProperty({ example: 'MRN-0012345', description: 'Medical record number, unique' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{3,40}$/, { message: 'mrn must be 3-40 letters, digits or dashes' })
  mrn!: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) givenName!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) familyName!: string;

  @ApiProperty({ example: '1962-03-14' })
  @IsDateString({ strict: true }, { message: 'birthDate must be an ISO date (YYYY-MM-DD)' })
  birthDate!: string;

  @ApiProperty({ enum: Sex })
  @IsEnum(Sex, { message: `sex must be one of ${Object.values(Sex).join(', ')}` })
  sex!: Sex;
}

export class PatientDto {
  @ApiProperty() id!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ example: '1962-03-14' }) birthDate!: string;
  @ApiProperty({ enum: Sex }) sex!: Sex;
}
