import { Injectable, NotFoundException } from '@nestjs/common';
import type { Board } from '@prisma/client';
import type { AuditActor } from '@consilium/audit';
import { PrismaService } from '@consilium/db';
import { BoardAccessService } from '../access/board-access.service';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { FieldValidationException } from '../common/problem';
import type { BoardDto, BoardMemberDto, CreateBoardDto } from './dto/board.dto';

function toDto(board: Board): BoardDto {
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...dto } = board;
  return dto;
}

@Injectable()
export class BoardsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: BoardAccessService,
    private readonly audit: AuditRecorder,
  ) {}

  async list(user: AuthenticatedUser): Promise<BoardDto[]> {
    const boards = await this.prisma.board.findMany({
      where: { id: this.access.boardFilter(user) },
      orderBy: { name: 'asc' },
    });
    return boards.map(toDto);
  }

  async get(id: string): Promise<BoardDto> {
    return toDto(await this.prisma.board.findUniqueOrThrow({ where: { id } }));
  }

  async members(id: string): Promise<BoardMemberDto[]> {
    const rows = await this.prisma.boardMember.findMany({
      where: { boardId: id, user: { active: true } },
      select: { user: { select: { id: true, displayName: true, specialty: true, roles: true } } },
      orderBy: { user: { displayName: 'asc' } },
    });
    return rows.map(({ user }) => ({
      userId: user.id,
      displayName: user.displayName,
      specialty: user.specialty,
      roles: user.roles,
    }));
  }

  async create(input: CreateBoardDto, actor: AuditActor): Promise<BoardDto> {
    if ((input.consensusNumerator ?? 2) > (input.consensusDenominator ?? 3)) {
      throw new FieldValidationException([
        { field: 'consensusNumerator', message: 'consensusNumerator must not exceed consensusDenominator' },
      ]);
    }
    return this.prisma.$transaction(async (tx) => {
      const board = await tx.board.create({ data: input });
      await this.audit.record(tx, {
        action: 'C',
        type: 'board.create',
        actor,
        entity: { type: 'board', id: board.id },
        boardId: board.id,
        detail: { name: board.name },
      });
      return toDto(board);
    });
  }

  async addMember(boardId: string, userId: string, actor: AuditActor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } })))
        throw new NotFoundException('user not found');
      const created = await tx.boardMember.createMany({ data: [{ boardId, userId }], skipDuplicates: true });
      if (created.count > 0) {
        await this.audit.record(tx, {
          action: 'C',
          type: 'board.member-add',
          actor,
          entity: { type: 'board', id: boardId },
          boardId,
          detail: { userId },
        });
      }
    });
  }

  async removeMember(boardId: string, userId: string, actor: AuditActor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const removed = await tx.boardMember.deleteMany({ where: { boardId, userId } });
      if (removed.count === 0) throw new NotFoundException('membership not found');
      await this.audit.record(tx, {
        action: 'D',
        type: 'board.member-remove',
        actor,
        entity: { type: 'board', id: boardId },
        boardId,
        detail: { userId },
      });
    });
  }
}
