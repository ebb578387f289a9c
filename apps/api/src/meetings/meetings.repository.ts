import { Injectable, NotFoundException } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { lockRow, PrismaService, type Tx } from '@consilium/db';
import { caseWithFacts } from '../cases/case-facts.mapper';
import { CASE_DETAIL_COLUMNS, toCaseDetail } from '../cases/case-read.repository';
import { OPEN_MEETING_STATUSES } from './meeting-status';

export const meetingInclude = {
  chair: { select: { displayName: true } },
  delegate: { select: { displayName: true } },
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
 * query over all items (agenda items, cases, patients, presenters, recommendations):
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
        select: {
          id: true,
          draftVersion: true,
          status: true,
          pathwayId: true,
          primaryBranch: true,
          draftPlan: true,
          proposedPlan: true,
          findings: true,
        },
      },
    },
  },
} satisfies Prisma.AgendaItemInclude;
export type AgendaViewRow = Prisma.AgendaItemGetPayload<{ include: typeof agendaViewInclude }>;

/** The most meetings one list answers. */
export const MEETING_LIST_MAX = 500;

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
    await lockRow(tx, 'meetings', id, 'UPDATE');
    return this.get(id, tx);
  }

  list(where: Prisma.MeetingWhereInput): Promise<MeetingRow[]> {
    // Never an unbounded list: a board meets weekly, so this is years of meetings; narrow with from/to.
    return this.prisma.meeting.findMany({
      where,
      include: meetingInclude,
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: MEETING_LIST_MAX,
    });
  }

  /** Bumps the meeting's version (the agenda and attendance belong to it). */
  async touch(tx: Tx, id: string): Promise<void> {
    await tx.meeting.update({ where: { id }, data: { version: { increment: 1 } } });
  }

  /** The agenda item of `caseId` on any open meeting (there is at most one). */
  openAgendaItemOfCase(tx: Tx, caseId: string): Promise<{ id: string; meetingId: string } | null> {
    // An item with an outcome (deferred, referred) no longer holds the case.
    return tx.agendaItem.findFirst({
      where: { caseId, outcome: null, meeting: { status: { in: [...OPEN_MEETING_STATUSES] } } },
      select: { id: true, meetingId: true },
    });
  }

  items(tx: Tx, meetingId: string): Promise<AgendaItemRow[]> {
    return tx.agendaItem.findMany({
      where: { meetingId },
      include: agendaItemInclude,
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    });
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
    await tx.agendaItem.updateMany({
      where: { meetingId, position: { gt: position } },
      data: { position: { decrement: 1 } },
    });
  }

  /**
   * The meeting and its agenda view (per item the case, patient, presenter and the
   * current draft) in one plain SQL statement, whatever the agenda length: this is the screen on
   * the wall during the meeting. Null when the meeting does not exist.
   */
  async agendaView(meetingId: string): Promise<{ meeting: MeetingRow; rows: AgendaViewRow[] } | null> {
    const { rows } = await this.prisma.sql.query<Record<string, unknown>>(
      `SELECT mt.id AS "m_id", mt.board_id AS "m_boardId", mt.title AS "m_title", mt.starts_at AS "m_startsAt",
              mt.duration_minutes AS "m_durationMinutes", mt.location AS "m_location", mt.video_link AS "m_videoLink",
              mt.status::text AS "m_status", mt.chair_id AS "m_chairId", mt.delegate_id AS "m_delegateId", mt.required_specialties::text[] AS "m_requiredSpecialties",
              mt.voting_open_until AS "m_votingOpenUntil", mt.presented_item_id AS "m_presentedItemId", mt.version AS "m_version", mt.created_at AS "m_createdAt", mt.updated_at AS "m_updatedAt",
              ch.display_name AS "m_chairName", dg.display_name AS "m_delegateName",
              a.id AS "a_id", a.meeting_id AS "a_meetingId", a.case_id AS "a_caseId", a.position AS "a_position",
              a.minutes_allotted AS "a_minutesAllotted", a.presenter_id AS "a_presenterId", a.created_at AS "a_createdAt",
              a.discussion_notes AS "a_discussionNotes", a.outcome::text AS "a_outcome", a.outcome_detail AS "a_outcomeDetail",
              a.deferred_to_meeting_id AS "a_deferredToMeetingId", a.outcome_recorded_at AS "a_outcomeRecordedAt",
              u.display_name AS "u_displayName", u.specialty::text AS "u_specialty",
              d.id AS "d_id", d.draft_version AS "d_draftVersion", d.status::text AS "d_status", d.primary_branch AS "d_primaryBranch",
              d.draft_plan AS "d_draftPlan", d.findings AS "d_findings", d.pathway_id AS "d_pathwayId", d.proposed_plan AS "d_proposedPlan",
              ${CASE_DETAIL_COLUMNS}
         FROM meetings mt
         LEFT JOIN users ch ON ch.id = mt.chair_id
         LEFT JOIN users dg ON dg.id = mt.delegate_id
         LEFT JOIN agenda_items a ON a.meeting_id = mt.id
         LEFT JOIN cases c ON c.id = a.case_id
         LEFT JOIN patients p ON p.id = c.patient_id
         LEFT JOIN users u ON u.id = a.presenter_id
         LEFT JOIN LATERAL (
           SELECT r.id, r.draft_version, r.status, r.pathway_id, r.primary_branch, r.draft_plan, r.proposed_plan, r.findings FROM recommendations r
            WHERE r.case_id = c.id AND r.status <> 'SUPERSEDED' ORDER BY r.draft_version DESC LIMIT 1) d ON true
        WHERE mt.id = $1::uuid
        ORDER BY a.position, a.created_at`,
      [meetingId],
    );
    const first = rows[0];
    if (!first) return null;
    const items = rows.filter((row) => row.a_id !== null);
    const meeting: Record<string, unknown> = {
      chair: first.m_chairId === null ? null : { displayName: first.m_chairName },
      delegate: first.m_delegateId === null ? null : { displayName: first.m_delegateName },
      _count: { agendaItems: items.length },
    };
    for (const [key, value] of Object.entries(first))
      if (key.startsWith('m_') && key !== 'm_chairName' && key !== 'm_delegateName') meeting[key.slice(2)] = value;
    return {
      meeting: meeting as unknown as MeetingRow,
      // Field by field (not by walking each row's sixty entries by prefix): twenty rows per agenda.
      rows: items.map(
        (item) =>
          ({
            id: item.a_id,
            meetingId: item.a_meetingId,
            caseId: item.a_caseId,
            position: item.a_position,
            minutesAllotted: item.a_minutesAllotted,
            presenterId: item.a_presenterId,
            createdAt: item.a_createdAt,
            discussionNotes: item.a_discussionNotes,
            outcome: item.a_outcome,
            outcomeDetail: item.a_outcomeDetail,
            deferredToMeetingId: item.a_deferredToMeetingId,
            outcomeRecordedAt: item.a_outcomeRecordedAt,
            presenter: item.a_presenterId
              ? { id: item.a_presenterId, displayName: item.u_displayName, specialty: item.u_specialty }
              : null,
            case: {
              ...toCaseDetail(item),
              recommendations:
                item.d_id === null
                  ? []
                  : [
                      {
                        id: item.d_id,
                        draftVersion: item.d_draftVersion,
                        status: item.d_status,
                        primaryBranch: item.d_primaryBranch,
                        draftPlan: item.d_draftPlan,
                        findings: item.d_findings,
                        pathwayId: item.d_pathwayId,
                        proposedPlan: item.d_proposedPlan,
                      },
                    ],
            },
          }) as unknown as AgendaViewRow,
      ),
    };
  }

  /** Whether the user is an active member of the board. */
  async isBoardMember(
    client: Tx | PrismaService,
    boardId: string,
    userId: string,
  ): Promise<{
    id: string;
    displayName: string;
    specialty: Prisma.UserGetPayload<{ select: typeof personSelect }>['specialty'];
    roles: string[];
  } | null> {
    const row = await client.boardMember.findUnique({
      where: { boardId_userId: { boardId, userId } },
      select: { user: { select: { ...personSelect, roles: true, active: true } } },
    });
    if (!row || !row.user.active) return null;
    return { id: row.user.id, displayName: row.user.displayName, specialty: row.user.specialty, roles: row.user.roles };
  }
}
