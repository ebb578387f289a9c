import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { BoardsService } from './boards.service';
import { BoardDto, BoardMemberDto, CreateBoardDto } from './dto/board.dto';

@ApiTags('boards')
@ApiBearerAuth()
@Controller('boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get()
  @ApiOkResponse({ type: [BoardDto], description: 'The boards the user is a member of' })
  list(@CurrentUser() user: AuthenticatedUser): Promise<BoardDto[]> {
    return this.boards.list(user);
  }

  @Post()
  @Roles('ADMIN')
  @ApiCreatedResponse({ type: BoardDto })
  create(@Body() body: CreateBoardDto, @Actor('SYSADMIN') actor: AuditActor): Promise<BoardDto> {
    return this.boards.create(body, actor);
  }

  @Get(':id')
  @ScopedBy('board')
  @ApiOkResponse({ type: BoardDto })
  get(@Param('id') id: string): Promise<BoardDto> {
    return this.boards.get(id);
  }

  @Get(':id/members')
  @ScopedBy('board')
  @ApiOkResponse({ type: [BoardMemberDto] })
  members(@Param('id') id: string): Promise<BoardMemberDto[]> {
    return this.boards.members(id);
  }

  @Put(':id/members/:userId')
  @Roles('ADMIN')
  @ScopedBy('board')
  @HttpCode(204)
  async addMember(@Param('id') id: string, @Param('userId', ParseUUIDPipe) userId: string, @Actor('SYSADMIN') actor: AuditActor): Promise<void> {
    await this.boards.addMember(id, userId, actor);
  }

  @Delete(':id/members/:userId')
  @Roles('ADMIN')
  @ScopedBy('board')
  @HttpCode(204)
  async removeMember(@Param('id') id: string, @Param('userId', ParseUUIDPipe) userId: string, @Actor('SYSADMIN') actor: AuditActor): Promise<void> {
    await this.boards.removeMember(id, userId, actor);
  }
}
