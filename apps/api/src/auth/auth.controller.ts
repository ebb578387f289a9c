import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuditActor } from '@consilium/audit';
import { Public } from '../common/public.decorator';
import { Actor, CurrentUser } from './auth.decorators';
import type { AuthenticatedUser } from './authenticated-user';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { LocalAuthGuard } from './local-auth.guard';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';

/**
 * Sign-in flow: POST /auth/login returns a short-lived bearer access token (JWT, <= 15 min) and
 * an opaque refresh token; POST /auth/refresh exchanges the refresh token for a new pair (the
 * old one is then dead; presenting it again revokes the whole session); POST /auth/logout ends
 * the session.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Public: this is how a token is obtained. Failures are limited per account and address (LoginLimiter). */
  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({
    description: 'Invalid e-mail or password (the same answer whether or not the account exists)',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many attempts for this account or address',
    headers: {
      'Retry-After': { description: 'Seconds until the next attempt is allowed', schema: { type: 'integer' } },
    },
  })
  @ApiRefusals({
    403: 'Password sign-in is disabled on this deployment (PASSWORD_LOGIN=disabled): sign in with the identity provider',
    503: 'The failure counts (Redis) cannot be reached: sign-in is refused rather than unlimited',
  })
  login(@CurrentUser() user: AuthenticatedUser, @Actor('SYSADMIN') actor: AuditActor): Promise<TokenPairDto> {
    return this.auth.login(user, actor);
  }

  /** Public: the refresh token is the credential (the access token may have expired). */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh token and get a new access token' })
  @ApiRefusals({
    401: 'The refresh token is unknown, expired or already used (reuse ends the whole session family), or the identity provider the session began at no longer confirms the account',
    503: 'The identity provider the session began at cannot be reached to confirm it; the refresh token stays valid, try again',
  })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto, @Actor('SYSADMIN') actor: AuditActor): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken, actor);
  }

  /** Public: the refresh token identifies the session to end, even after the access token expired. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token' })
  async logout(@Body() body: RefreshDto, @Actor('SYSADMIN') actor: AuditActor): Promise<void> {
    await this.auth.logout(body.refreshToken, actor);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user, roles and boards' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthenticatedUser): MeDto {
    return { ...user, roles: [...user.roles], boardIds: [...user.boardIds] };
  }

  @Post('change-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the password; every other session ends' })
  @ApiRefusals({
    400: 'The new password is too short, too common, or the same as the current one',
    401: 'The current password is wrong, or no valid bearer token',
    403: 'Password sign-in is disabled on this deployment',
  })
  @ApiOkResponse({ type: TokenPairDto })
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
    @Actor('SYSADMIN') actor: AuditActor,
  ): Promise<TokenPairDto> {
    return this.auth.changePassword(user, body.currentPassword, body.newPassword, actor);
  }
}
