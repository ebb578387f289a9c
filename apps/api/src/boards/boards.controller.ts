import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { BoardsService } from './boards.service';
import { BoardDto, BoardMemberDto, CreateBoardDto } from './dto/board.dto';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';

@ApiTags('boards')
@Controller('boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @ApiOperation({ summary: 'List your boards' })
  @Get()
  @ApiOkResponse({ type: [BoardDto], description: 'The boards the user is a member of' })
  list(@CurrentUser() user: AuthenticatedUser): Promise<BoardDto[]> {
    return this.boards.list(user);
  }

  @ApiOperation({ summary: 'Create a board' })
  @ApiRefusals({ 409: 'A board with this name exists' })
  @Post()
  @Roles('ADMIN')
  @ApiCreatedResponse({ type: BoardDto })
  create(@Body() body: CreateBoardDto, @Actor('SYSADMIN') actor: AuditActor): Promise<BoardDto> {
    return this.boards.create(body, actor);
  }

  @ApiOperation({ summary: 'Get a board' })
  @Get(':id')
  @ScopedBy('board')
  @ApiOkResponse({ type: BoardDto })
  get(@Param('id') id: string): Promise<BoardDto> {
    return this.boards.get(id);
  }

  @ApiOperation({ summary: 'List the members of a board' })
  @Get(':id/members')
  @ScopedBy('board')
  @ApiOkResponse({ type: [BoardMemberDto] })
  members(@Param('id') id: string): Promise<BoardMemberDto[]> {
    return this.boards.members(id);
  }

  @ApiOperation({ summary: 'Add a user to a board' })
  @ApiRefusals({ 404: 'No board with this id, or no user with this userId' })
  @Put(':id/members/:userId')
  @Roles('ADMIN')
  @ScopedBy('board')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The user is a member (again: idempotent)' })
  async addMember(
    @Param('id') id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Actor('SYSADMIN') actor: AuditActor,
  ): Promise<void> {
    await this.boards.addMember(id, userId, actor);
  }

  @ApiOperation({ summary: 'Remove a user from a board' })
  @ApiRefusals({ 404: 'No board with this id, or the user is not a member' })
  @Delete(':id/members/:userId')
  @Roles('ADMIN')
  @ScopedBy('board')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The user is no longer a member' })
  async removeMember(
    @Param('id') id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Actor('SYSADMIN') actor: AuditActor,
  ): Promise<void> {
    await this.boards.removeMember(id, userId, actor);
  }
}
