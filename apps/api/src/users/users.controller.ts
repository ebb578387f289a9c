import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditActor } from '@consilium/audit';
import { Actor, Roles } from '../auth/auth.decorators';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

/** User administration: ADMIN only (no self-registration). Users belong to no board. */
@ApiTags('users')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() body: CreateUserDto, @Actor('SYSADMIN') actor: AuditActor): Promise<UserDto> {
    return this.users.create(body, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto, @Actor('SYSADMIN') actor: AuditActor): Promise<UserDto> {
    return this.users.update(id, body, actor);
  }

  @Post(':id/revoke-sessions')
  @HttpCode(204)
  async revokeSessions(@Param('id', ParseUUIDPipe) id: string, @Actor('SYSADMIN') actor: AuditActor): Promise<void> {
    await this.users.revokeSessions(id, actor);
  }
}
