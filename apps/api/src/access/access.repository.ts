import { Injectable } from '@nestjs/common';
import type { Client } from 'pg';
import { PrismaService } from '@consilium/db';
import type { OwnedKind, ScopedKind } from './scoped-by.decorator';

/** One board of an object (null for a reminder attached to nothing). */
export interface BoardOfRow {
  board_id: string | null;
}

/** The owner of a user-owned object. */
export interface OwnerOfRow {
  user_id: string;
}

/**
 * The access checks' statements, in plain SQL on the pg pool (`pool.query(text, values)`): they
 * run on every request with an id, one indexed statement each.
 */
@Injectable()
export class AccessRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The board ids of the object (no rows when it does not exist). */
  async boardsOf(kind: ScopedKind, id: string): Promise<BoardOfRow[]> {
    const { rows } = await this.prisma.sql.query<BoardOfRow>(BOARD_OF[kind], [id]);
    return rows;
  }

  /** The owner of a user-owned object (undefined when it does not exist). */
  async ownerOf(kind: OwnedKind, id: string): Promise<OwnerOfRow | undefined> {
    const { rows } = await this.prisma.sql.query<OwnerOfRow>(OWNER_OF[kind], [id]);
    return rows[0];
  }

  /** Subscribes a dedicated connection to a notification channel (a fixed identifier, never input). */
  async listen(client: Client, channel: string): Promise<void> {
    await client.query(`LISTEN ${channel}`);
  }
}

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
