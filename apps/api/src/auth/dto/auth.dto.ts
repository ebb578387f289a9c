import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Role, Specialty } from '@prisma/client';

export class LoginDto {
  @ApiProperty({ example: 'coordinator@consilium.demo' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Demo-Coordinator-Passw0rd' })
  @IsString()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(128, { message: 'password must be at most 128 characters' })
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The opaque refresh token from login or the previous refresh' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  currentPassword!: string;

  @ApiProperty({ minLength: 12, maxLength: 128 })
  @IsString()
  newPassword!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (HS256) for the Authorization: Bearer header' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires (at most 900)' })
  expiresIn!: number;

  @ApiProperty({ description: 'Opaque; single use: every refresh returns a new one' })
  refreshToken!: string;
}

export class MeDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Role, isArray: true }) roles!: string[];
  @ApiProperty({ nullable: true, enum: Specialty }) specialty!: string | null;
  @ApiProperty() allBoardsAccess!: boolean;
  @ApiProperty({ type: [String] }) boardIds!: string[];
}

export class OidcProviderDto {
  @ApiProperty({ example: 'hospital', description: 'Id in the sign-in URL: GET /auth/oidc/{provider}/login' })
  id!: string;
  @ApiProperty({ example: 'St Elsewhere', description: 'Shown as "Sign in with <label>"' }) label!: string;
  @ApiProperty({ example: '/auth/oidc/hospital/login', description: 'Where the browser goes to sign in' })
  loginUrl!: string;
}

export class SignInOptionsDto {
  @ApiProperty({ description: 'False when this deployment signs in through identity providers only' })
  passwordLogin!: boolean;
  @ApiProperty({ type: [OidcProviderDto] }) providers!: OidcProviderDto[];
}

export class OidcExchangeDto {
  @ApiProperty({
    description: 'The one-time code the callback put in the web app URL (#/signin?oidc=...), valid 60 seconds',
  })
  @IsString()
  @MinLength(20, { message: 'code must be at least 20 characters' })
  @MaxLength(200, { message: 'code must be at most 200 characters' })
  code!: string;
}

export class LogoutResultDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "The identity provider's end-session URL to send the browser to, when the session began there and the provider has one",
  })
  endSessionUrl!: string | null;
}
