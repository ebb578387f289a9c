import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import { AccessCache } from './access-cache';
import type { OwnedKind, ScopedKind } from './scoped-by.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For each kind of object: the boards it belongs to (empty when it does not exist). */
@Injectable()
export class BoardResolver {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cache: AccessCache,
  ) {}

  /** The kinds this resolver knows; the route test takes a fixture for each. */
  static readonly kinds: readonly ScopedKind[] = ['board', 'patient', 'case', 'meeting', 'recommendation', 'auditEvent', 'treatmentEvent', 'reminder'];

  /** The kinds of user-owned objects this resolver knows. */
  static readonly ownedKinds: readonly OwnedKind[] = ['notification'];

  /** The owner of a user-owned object (null when it does not exist). */
  async ownerOf(kind: OwnedKind, id: string): Promise<string | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.prisma.sql.query<{ user_id: string }>(OWNER_OF[kind], [id]);
    return rows[0]?.user_id ?? null;
  }

  /** One indexed query per check, in plain SQL: this runs on every request with an id. */
  async boardsOf(kind: ScopedKind, id: string): Promise<string[]> {
    if (!UUID.test(id)) return [];
    const load = async (): Promise<string[]> => {
      const { rows } = await this.prisma.sql.query<{ board_id: string | null }>(BOARD_OF[kind], [id]);
      return rows.map((row) => row.board_id).filter((boardId): boardId is string => boardId !== null);
    };
    return FIXED_BOARD.has(kind) ? this.cache.boardsOf(kind, id, load) : load();
  }
}

/**
 * Kinds whose board never changes (database triggers refuse the change, prisma/sql/access-cache.sql;
 * audit events are append-only): their board is remembered. A patient's boards grow with their
 * cases and a reminder's case or meeting is not pinned, so those are always asked.
 */
const FIXED_BOARD: ReadonlySet<ScopedKind> = new Set<ScopedKind>(['board', 'case', 'meeting', 'recommendation', 'treatmentEvent', 'auditEvent']);

/** For each kind: the board ids of the object with id $1 (no rows when it does not exist). */
const BOARD_OF: Readonly<Record<ScopedKind, string>> = {
  board: 'SELECT id AS board_id FROM boards WHERE id = $1::uuid',
  // A patient is visible through any of their cases.
  patient: 'SELECT DISTINCT board_id FROM cases WHERE patient_id = $1::uuid',
  case: 'SELECT board_id FROM cases WHERE id = $1::uuid',
  meeting: 'SELECT board_id FROM meetings WHERE id = $1::uuid',
  recommendation: 'SELECT c.board_id FROM recommendations r JOIN cases c ON c.id = r.case_id WHERE r.id = $1::uuid',
  treatmentEvent: 'SELECT c.board_id FROM treatment_events t JOIN cases c ON c.id = t.case_id WHERE t.id = $1::uuid',
  reminder: `SELECT COALESCE(c.board_id, m.board_id) AS board_id FROM reminders r
               LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id WHERE r.id = $1::uuid`,
  auditEvent: 'SELECT board_id FROM audit_events WHERE id = $1::uuid',
};

const OWNER_OF: Readonly<Record<OwnedKind, string>> = {
  notification: 'SELECT user_id FROM notifications WHERE id = $1::uuid',
};
