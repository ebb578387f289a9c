import { Injectable, NotFoundException } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { PrismaService, type Tx } from '@consilium/db';
import { caseWithFacts } from '../cases/case-facts.mapper';
import { byCase, CASE_DETAIL_COLUMNS, METASTASES_OF_CASES, toCaseDetail } from '../cases/case-read.repository';
import { OPEN_MEETING_STATUSES } from './meeting-status';

export const meetingInclude = {
  chair: { select: { displayName: true } },
  _count: { select: { agendaItems: true } },
} satisfies Prisma.MeetingInclude;
export type MeetingRow = Prisma.MeetingGetPayload<{ include: typeof meetingInclude }>;

const personSelect = { id: true, displayName: true, specialty: true } satisfies Prisma.UserSelect;

export const agendaItemInclude = {
  case: { select: { reference: true } },
  presenter: { select: personSelect },
} satisfies Prisma.AgendaItemInclude;
export type AgendaItemRow = Prisma.AgendaItemGetPayload<{ include: typeof agendaItemInclude }>;

/**
 * One agenda row with everything the board looks at. Prisma resolves each relation level with one
 * query over all items (agenda items, cases, metastases, patients, presenters, recommendations):
 * a fixed number of queries whatever the agenda length.
 */
export const agendaViewInclude = {
  presenter: { select: personSelect },
  case: {
    include: {
      ...caseWithFacts,
      patient: { select: { id: true, givenName: true, familyName: true, mrn: true, birthDate: true } },
      recommendations: {
        where: { status: { not: 'SUPERSEDED' } },
        orderBy: { draftVersion: 'desc' },
        take: 1,
        select: { id: true, draftVersion: true, status: true, primaryBranch: true, draftPlan: true, findings: true },
      },
    },
  },
} satisfies Prisma.AgendaItemInclude;
export type AgendaViewRow = Prisma.AgendaItemGetPayload<{ include: typeof agendaViewInclude }>;

/** Prisma access of meetings, their agenda and attendance. */
@Injectable()
export class MeetingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(id: string, client: Tx | PrismaService = this.prisma): Promise<MeetingRow | null> {
    return client.meeting.findUnique({ where: { id }, include: meetingInclude });
  }

  async get(id: string, client: Tx | PrismaService = this.prisma): Promise<MeetingRow> {
    const row = await this.find(id, client);
    if (!row) throw new NotFoundException('meeting not found');
    return row;
  }

  /** Locks the meeting row for the rest of the transaction: agenda edits queue up behind it. */
  async lock(tx: Tx, id: string): Promise<MeetingRow> {
    await tx.$queryRaw`SELECT id FROM meetings WHERE id = ${id}::uuid FOR UPDATE`;
    return this.get(id, tx);
  }

  list(where: Prisma.MeetingWhereInput): Promise<MeetingRow[]> {
    return this.prisma.meeting.findMany({ where, include: meetingInclude, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] });
  }

  /** Bumps the meeting's version (the agenda and attendance belong to it). */
  async touch(tx: Tx, id: string): Promise<void> {
    await tx.meeting.update({ where: { id }, data: { version: { increment: 1 } } });
  }

  /** The agenda item of `caseId` on any open meeting (there is at most one). */
  openAgendaItemOfCase(tx: Tx, caseId: string): Promise<{ id: string; meetingId: string } | null> {
    return tx.agendaItem.findFirst({ where: { caseId, meeting: { status: { in: [...OPEN_MEETING_STATUSES] } } }, select: { id: true, meetingId: true } });
  }

  items(tx: Tx, meetingId: string): Promise<AgendaItemRow[]> {
    return tx.agendaItem.findMany({ where: { meetingId }, include: agendaItemInclude, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] });
  }

  item(tx: Tx, meetingId: string, itemId: string): Promise<AgendaItemRow | null> {
    return tx.agendaItem.findFirst({ where: { id: itemId, meetingId }, include: agendaItemInclude });
  }

  /** Sets every item's position from its index in `itemIds`, in one statement. */
  async setPositions(tx: Tx, meetingId: string, itemIds: readonly string[]): Promise<void> {
    await tx.$executeRaw`
      UPDATE agenda_items AS item SET position = ordered.position - 1
      FROM unnest(${itemIds}::uuid[]) WITH ORDINALITY AS ordered(id, position)
      WHERE item.id = ordered.id AND item.meeting_id = ${meetingId}::uuid`;
  }

  /** Closes the gap an item left behind. */
  async closeGap(tx: Tx, meetingId: string, position: number): Promise<void> {
    await tx.agendaItem.updateMany({ where: { meetingId, position: { gt: position } }, data: { position: { decrement: 1 } } });
  }

  /**
   * The agenda view's rows in four plain SQL queries run together (items with their case,
   * patient and presenter; metastases; the current draft of each case), whatever the agenda
   * length: this is the screen on the wall during the meeting.
   */
  async agendaView(meetingId: string): Promise<AgendaViewRow[]> {
    const { rows: items } = await this.prisma.sql.query<Record<string, unknown>>(
      `SELECT a.id AS "a_id", a.meeting_id AS "a_meetingId", a.case_id AS "a_caseId", a.position AS "a_position",
              a.minutes_allotted AS "a_minutesAllotted", a.presenter_id AS "a_presenterId", a.created_at AS "a_createdAt",
              u.display_name AS "u_displayName", u.specialty::text AS "u_specialty", ${CASE_DETAIL_COLUMNS}
         FROM agenda_items a JOIN cases c ON c.id = a.case_id JOIN patients p ON p.id = c.patient_id
         LEFT JOIN users u ON u.id = a.presenter_id
        WHERE a.meeting_id = $1::uuid ORDER BY a.position, a.created_at`,
      [meetingId],
    );
    const caseIds = items.map((item) => item.a_caseId as string);
    const [metastases, drafts] = await Promise.all([
      this.prisma.sql.query<Record<string, unknown>>(METASTASES_OF_CASES, [caseIds]),
      this.prisma.sql.query<Record<string, unknown>>(
        `SELECT DISTINCT ON (case_id) id, case_id AS "caseId", draft_version AS "draftVersion", status::text AS status,
                primary_branch AS "primaryBranch", draft_plan AS "draftPlan", findings
           FROM recommendations WHERE case_id = ANY($1::uuid[]) AND status <> 'SUPERSEDED' ORDER BY case_id, draft_version DESC`,
        [caseIds],
      ),
    ]);
    const metastasesByCase = byCase(metastases.rows);
    const draftByCase = byCase(drafts.rows);
    return items.map((item) => {
      const caseRow: Record<string, unknown> = {};
      const agendaItem: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(item)) {
        if (key.startsWith('a_')) agendaItem[key.slice(2)] = value;
        else if (!key.startsWith('u_')) caseRow[key] = value;
      }
      const detail = toCaseDetail(caseRow, metastasesByCase.get(caseRow.id as string) ?? []);
      return {
        ...agendaItem,
        presenter: item.a_presenterId ? { id: item.a_presenterId, displayName: item.u_displayName, specialty: item.u_specialty } : null,
        case: { ...detail, recommendations: (draftByCase.get(caseRow.id as string) ?? []).map(({ caseId: _caseId, ...draft }) => draft) },
      } as unknown as AgendaViewRow;
    });
  }

  /** Whether the user is an active member of the board. */
  async isBoardMember(client: Tx | PrismaService, boardId: string, userId: string): Promise<{ id: string; displayName: string; specialty: Prisma.UserGetPayload<{ select: typeof personSelect }>['specialty']; roles: string[] } | null> {
    const row = await client.boardMember.findUnique({
      where: { boardId_userId: { boardId, userId } },
      select: { user: { select: { ...personSelect, roles: true, active: true } } },
    });
    if (!row || !row.user.active) return null;
    return { id: row.user.id, displayName: row.user.displayName, specialty: row.user.specialty, roles: row.user.roles };
  }
}
