import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { Public } from '../../common/public.decorator';
import { ApiRefusals } from '../../common/openapi/api-refusals.decorator';
import { Actor } from '../auth.decorators';
import { LogoutResultDto, OidcExchangeDto, RefreshDto, SignInOptionsDto, TokenPairDto } from '../dto/auth.dto';
import { OidcService, type Redirect } from './oidc.service';

const LOCATION = { Location: { description: 'Where the browser goes next', schema: { type: 'string' } } };

function send(reply: FastifyReply, redirect: Redirect): void {
  void reply.status(302).header('location', redirect.location).header('cache-control', 'no-store');
  if (redirect.cookies.length) void reply.header('set-cookie', redirect.cookies);
}

/** The query of the provider's answer, strings only (code, state, iss, error, session_state...). */
function queryOf(request: FastifyRequest): Record<string, string> {
  return Object.fromEntries(
    Object.entries((request.query ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length <= 4096,
    ),
  );
}

/**
 * Sign-in with the hospital's identity provider (OpenID Connect, issue 18). Every route here is
 * public by nature: they are how a browser without a session gets one. The callback's
 * credentials are the provider's signed ID token, the state bound to the browser by a cookie,
 * and the PKCE verifier kept on the server.
 */
@ApiTags('auth')
@Controller('auth')
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  /** Public: the sign-in screen asks it before anyone is signed in; no secret is in it. */
  @Public()
  @Get('sign-in-options')
  @ApiOperation({ summary: 'How this deployment signs in: password and/or identity providers' })
  @ApiOkResponse({ type: SignInOptionsDto })
  options(): SignInOptionsDto {
    return {
      passwordLogin: this.oidc.passwordLogin,
      providers: this.oidc
        .providers()
        .map((provider) => ({ id: provider.id, label: provider.label, loginUrl: `/auth/oidc/${provider.id}/login` })),
    };
  }

  /** Public: the browser has no session yet; this only redirects to the provider. */
  @Public()
  @Get('oidc/:provider/login')
  @ApiOperation({ summary: "Redirect to the identity provider's sign-in (authorization code + PKCE)" })
  @ApiResponse({
    status: 302,
    description: "To the provider's authorization endpoint; sets the cookie binding the state to this browser",
    headers: LOCATION,
  })
  @ApiRefusals({
    404: 'No identity provider with this id is configured',
    503: 'The provider cannot be reached (discovery failed)',
  })
  async login(@Param('provider') provider: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    send(reply, await this.oidc.begin(provider));
  }

  /** Public: the provider's redirect back; the signed ID token, state cookie and PKCE verifier are the credentials. */
  @Public()
  @Get('oidc/:provider/callback')
  @ApiOperation({ summary: "The identity provider's answer: verified, provisioned, then back to the web app" })
  @ApiQuery({ name: 'code', required: false, type: String })
  @ApiQuery({ name: 'state', required: false, type: String })
  @ApiQuery({ name: 'error', required: false, type: String })
  @ApiResponse({
    status: 302,
    description:
      'To the web app: #/signin?oidc=<one-time code> when signed in, #/signin?oidcError=<code> when refused (every outcome is audited)',
    headers: LOCATION,
  })
  @ApiRefusals({ 404: 'No identity provider with this id is configured' })
  async callback(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @Headers('cookie') cookie: string | undefined,
    @Actor('SYSADMIN') actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    send(reply, await this.oidc.complete(provider, queryOf(request), cookie, actor));
  }

  /** Public: the one-time code from the callback is the credential (single use, 60 seconds). */
  @Public()
  @Post('oidc/exchange')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade the one-time code of an identity-provider sign-in for our token pair' })
  @ApiRefusals({ 401: 'The code is unknown, used or expired' })
  @ApiOkResponse({ type: TokenPairDto })
  exchange(@Body() body: OidcExchangeDto, @Actor('SYSADMIN') actor: AuditActor): Promise<TokenPairDto> {
    return this.oidc.exchange(body.code, actor);
  }

  /** Public: the refresh token identifies the session to end, even after the access token expired. */
  @Public()
  @Post('sign-out')
  @HttpCode(200)
  @ApiOperation({
    summary: "End the session; answers the identity provider's end-session URL when the session began there",
  })
  @ApiOkResponse({ type: LogoutResultDto })
  async signOut(@Body() body: RefreshDto, @Actor('SYSADMIN') actor: AuditActor): Promise<LogoutResultDto> {
    return { endSessionUrl: await this.oidc.endSession(body.refreshToken, actor) };
  }
}
