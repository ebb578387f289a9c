import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOmittable } from '../../common/validation';
import { Role, Specialty } from '@prisma/client';

export class CreateUserDto {
  @ApiProperty({ example: 'new.clinician@hospital.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Dr. New Clinician' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: Role, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'roles must contain at least one role' })
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `each value in roles must be one of ${Object.values(Role).join(', ')}` })
  roles!: Role[];

  @ApiPropertyOptional({ enum: Specialty, nullable: true, description: 'Required for clinicians' })
  @IsOptional()
  @IsEnum(Specialty, { message: `specialty must be one of ${Object.values(Specialty).join(', ')}` })
  specialty?: Specialty | null;

  @ApiProperty({ description: '12 to 128 characters, not a common password' })
  @IsString()
  password!: string;

  @ApiPropertyOptional({ description: 'Auditors and admins only: every board is in scope' })
  @IsOmittable()
  @IsBoolean()
  allBoardsAccess?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Boards the user is a member of' })
  @IsOmittable()
  @IsArray()
  @IsUUID('all', { each: true })
  boardIds?: string[];
}

class UpdatableUserFields {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(200) displayName?: string;

  @ApiPropertyOptional({ enum: Role, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1, { message: 'roles must contain at least one role' })
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `each value in roles must be one of ${Object.values(Role).join(', ')}` })
  roles?: Role[];

  @ApiPropertyOptional({ enum: Specialty, nullable: true })
  @IsOptional()
  @IsEnum(Specialty, { message: `specialty must be one of ${Object.values(Specialty).join(', ')}` })
  specialty?: Specialty | null;

  @ApiPropertyOptional() @IsOmittable() @IsBoolean() allBoardsAccess?: boolean;

  @ApiPropertyOptional({ description: 'false deactivates the user and ends every session at once' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class UpdateUserDto extends PartialType(UpdatableUserFields, { skipNullProperties: false }) {}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Role, isArray: true }) roles!: Role[];
  @ApiProperty({ enum: Specialty, nullable: true }) specialty!: Specialty | null;
  @ApiProperty() active!: boolean;
  @ApiProperty() allBoardsAccess!: boolean;
  @ApiProperty({ type: [String] }) boardIds!: string[];
  @ApiProperty() createdAt!: Date;
}
