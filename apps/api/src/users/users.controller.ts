import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '@consilium/audit';
import { Actor, Roles } from '../auth/auth.decorators';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';

/** User administration: ADMIN only (no self-registration). Users belong to no board. */
@ApiTags('users')
@Roles('ADMIN')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({ summary: 'List users' })
  @Get()
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @ApiOperation({ summary: 'Create a user' })
  @ApiRefusals({ 409: 'A user with this e-mail exists' })
  @Post()
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() body: CreateUserDto, @Actor('SYSADMIN') actor: AuditActor): Promise<UserDto> {
    return this.users.create(body, actor);
  }

  @ApiOperation({ summary: 'Get a user' })
  @ApiRefusals({ 404: 'No user with this id' })
  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @ApiOperation({ summary: 'Change a user (name, roles, specialty, active)' })
  @ApiRefusals({ 404: 'No user with this id' })
  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
    @Actor('SYSADMIN') actor: AuditActor,
  ): Promise<UserDto> {
    return this.users.update(id, body, actor);
  }

  @ApiOperation({ summary: 'End every session of a user' })
  @ApiRefusals({ 404: 'No user with this id' })
  @Post(':id/revoke-sessions')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Every refresh token of the user is revoked; access tokens are refused at once',
  })
  async revokeSessions(@Param('id', ParseUUIDPipe) id: string, @Actor('SYSADMIN') actor: AuditActor): Promise<void> {
    await this.users.revokeSessions(id, actor);
  }
}
