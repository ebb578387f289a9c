import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { ScopedKind } from './scoped-by.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For each kind of object: the boards it belongs to (empty when it does not exist). */
@Injectable()
export class BoardResolver {
  constructor(private readonly prisma: PrismaService) {}

  /** The kinds this resolver knows; the route test takes a fixture for each. */
  static readonly kinds: readonly ScopedKind[] = ['board', 'patient', 'case', 'meeting', 'recommendation', 'auditEvent', 'treatmentEvent', 'reminder'];

  async boardsOf(kind: ScopedKind, id: string): Promise<string[]> {
    if (!UUID.test(id)) return [];
    switch (kind) {
      case 'board':
        return (await this.prisma.board.findUnique({ where: { id }, select: { id: true } })) ? [id] : [];
      case 'patient':
        // A patient is visible through any of their cases.
        return (await this.prisma.case.findMany({ where: { patientId: id }, select: { boardId: true }, distinct: ['boardId'] })).map((row) => row.boardId);
      case 'case':
        return this.one(await this.prisma.case.findUnique({ where: { id }, select: { boardId: true } }));
      case 'meeting':
        return this.one(await this.prisma.meeting.findUnique({ where: { id }, select: { boardId: true } }));
      case 'recommendation':
        return this.one((await this.prisma.recommendation.findUnique({ where: { id }, select: { case: { select: { boardId: true } } } }))?.case);
      case 'treatmentEvent':
        return this.one((await this.prisma.treatmentEvent.findUnique({ where: { id }, select: { case: { select: { boardId: true } } } }))?.case);
      case 'reminder': {
        const reminder = await this.prisma.reminder.findUnique({ where: { id }, select: { case: { select: { boardId: true } }, meeting: { select: { boardId: true } } } });
        return this.one(reminder?.case ?? reminder?.meeting);
      }
      case 'auditEvent':
        return this.one(await this.prisma.auditEvent.findUnique({ where: { id }, select: { boardId: true } }));
    }
  }

  private one(row: { boardId: string | null } | null | undefined): string[] {
    return row?.boardId ? [row.boardId] : [];
  }
}
