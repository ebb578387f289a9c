import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { PrismaService } from '@consilium/db';
import type { AuditLookups, NamedIds } from './audit-describe';
import type { AuditEventView, AuditQueryDto, MatchedTerms } from './dto/audit-query.dto';

/** The ids the auditor's words resolved to (undefined: that filter was not given). */
export interface ResolvedTerms {
  readonly patientIds?: readonly string[];
  readonly caseIds?: readonly string[];
  readonly userIds?: readonly string[];
}

/** Event types that show PHI to the reader: what "who saw this patient" lists. */
export const PHI_READ_TYPES = [
  'case.read',
  'case.list',
  'patient.read',
  'meeting.agenda.read',
  'recommendation.provenance',
  'audit.query',
  'audit.export',
  'audit.reads',
] as const;

const MATCH_LIMIT = 50;

/** Prisma access of the auditor API: filtered, board-scoped, newest first, keyset on seq. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One page of the search, newest first, keyset on seq. An event is about a patient through its
   * own patient_id or through audit_event_subjects (a recommendation's or vote's case, every case
   * an agenda read shows), about a case through audit_event_subjects: each is its own index
   * lookup, so the candidates are their UNION (an OR across the two tables would walk all the
   * events backwards), intersected when several are given; the other filters apply to those
   * candidates only. Without them, the filters are index conditions of audit_events.
   */
  async page(
    query: AuditQueryDto,
    boards: { in: string[] } | undefined,
    limit: number,
    cursor?: string,
    terms: ResolvedTerms = {},
  ): Promise<AuditEventView[]> {
    const values: unknown[] = [];
    const param = (value: unknown, type: string): string => `$${values.push(value)}::${type}`;
    const aboutPatients = (ids: readonly string[]): string => {
      const patients = param([...ids], 'uuid[]');
      return `SELECT seq FROM audit_events WHERE patient_id = ANY(${patients}) UNION SELECT event_seq FROM audit_event_subjects WHERE patient_id = ANY(${patients})`;
    };
    const aboutCases = (ids: readonly string[]): string =>
      `SELECT event_seq AS seq FROM audit_event_subjects WHERE case_id = ANY(${param([...ids], 'uuid[]')})`;
    const candidates: string[] = [];
    const where: string[] = [];
    if (query.patientId) candidates.push(aboutPatients([query.patientId]));
    if (query.caseId) {
      if (isUUID(query.caseId)) candidates.push(aboutCases([query.caseId]));
      else where.push(`e.entity_type = 'case' AND e.entity_id = ${param(query.caseId, 'text')}`);
    }
    if (terms.patientIds) candidates.push(aboutPatients(terms.patientIds));
    if (terms.caseIds) candidates.push(aboutCases(terms.caseIds));
    if (terms.userIds) where.push(`e.actor_user_id = ANY(${param([...terms.userIds], 'uuid[]')})`);
    // An event type, or a family of them: "recommendation" is every recommendation.* event.
    if (query.type) {
      const type = param(query.type, 'text');
      where.push(`(e.type = ${type} OR starts_with(e.type, ${type} || '.'))`);
    }
    // Events without a board (a patient's registration and record reads) are in scope when they are
    // about a patient the words resolved to: those patients have a case in the auditor's boards.
    if (boards) {
      const inBoards = `e.board_id = ANY(${param(boards.in, 'uuid[]')})`;
      where.push(
        terms.patientIds
          ? `(${inBoards} OR (e.board_id IS NULL AND e.patient_id = ANY(${param([...terms.patientIds], 'uuid[]')})))`
          : inBoards,
      );
    }
    if (query.actorUserId) where.push(`e.actor_user_id = ${param(query.actorUserId, 'uuid')}`);
    if (query.action) where.push(`e.action = ${param(query.action, '"AuditAction"')}`);
    if (query.from) where.push(`e.recorded_at >= ${param(new Date(query.from), 'timestamptz')}`);
    if (query.to) where.push(`e.recorded_at < ${param(new Date(query.to), 'timestamptz')}`);
    if (cursor) where.push(`e.seq < ${param(cursor, 'bigint')}`);
    // MATERIALIZED: the candidates first (a few index lookups), then their events by primary key.
    // The page's rows in the same statement, with their leaves (one round trip, no ORM mapping of
    // up to 500 rows: at 20 connections that mapping dominated the search's CPU).
    const sql = candidates.length
      ? `WITH ids AS MATERIALIZED (${candidates.map((each) => `(${each})`).join(' INTERSECT ')})
         SELECT ${VIEW_COLUMNS} FROM ids JOIN audit_events e ON e.seq = ids.seq LEFT JOIN audit_leaves l ON l.seq = e.seq${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY e.seq DESC LIMIT ${param(limit, 'int')}`
      : `SELECT ${VIEW_COLUMNS} FROM audit_events e LEFT JOIN audit_leaves l ON l.seq = e.seq${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY e.seq DESC LIMIT ${param(limit, 'int')}`;
    const { rows } = await this.prisma.sql.query<AuditEventView>(sql, values);
    return rows.map(viewOf);
  }

  /** The events of a page of seqs, newest first, with their leaves. */
  private async events(rows: readonly { seq: string }[]): Promise<AuditEventView[]> {
    if (rows.length === 0) return [];
    const { rows: events } = await this.prisma.sql.query<AuditEventView>(
      `SELECT ${VIEW_COLUMNS} FROM audit_events e LEFT JOIN audit_leaves l ON l.seq = e.seq WHERE e.seq = ANY($1::bigint[]) ORDER BY e.seq DESC`,
      [rows.map((row) => row.seq)],
    );
    return events.map(viewOf);
  }

  /**
   * The auditor's words to ids, server-side: a patient by MRN (exact) or by every word of the
   * name, a case by its reference, a user by e-mail or name. Patients and cases only in the
   * auditor's boards (`boards`), so a name outside them resolves to nothing.
   */
  async resolve(
    query: Pick<AuditQueryDto, 'patient' | 'caseReference' | 'user'>,
    boards: { in: string[] } | undefined,
  ): Promise<{ terms: ResolvedTerms; matched: MatchedTerms }> {
    const inBoards = boards ? { cases: { some: { boardId: boards } } } : {};
    const patients = query.patient
      ? await this.prisma.patient.findMany({
          where: {
            ...inBoards,
            OR: [
              { mrn: { equals: query.patient.trim(), mode: 'insensitive' } },
              {
                AND: query.patient
                  .trim()
                  .split(/\s+/)
                  .map((word) => ({
                    OR: [
                      { givenName: { contains: word, mode: 'insensitive' as const } },
                      { familyName: { contains: word, mode: 'insensitive' as const } },
                    ],
                  })),
              },
            ],
          },
          select: { id: true, givenName: true, familyName: true, mrn: true },
          orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }],
          take: MATCH_LIMIT,
        })
      : undefined;
    const cases = query.caseReference
      ? await this.prisma.case.findMany({
          where: {
            ...(boards ? { boardId: boards } : {}),
            reference: { contains: query.caseReference.trim(), mode: 'insensitive' },
          },
          select: { id: true, reference: true, patientId: true },
          orderBy: { reference: 'asc' },
          take: MATCH_LIMIT,
        })
      : undefined;
    const users = query.user
      ? await this.prisma.user.findMany({
          where: {
            OR: [
              { email: { equals: query.user.trim(), mode: 'insensitive' } },
              { displayName: { contains: query.user.trim(), mode: 'insensitive' } },
            ],
          },
          select: { id: true, displayName: true, email: true },
          orderBy: { displayName: 'asc' },
          take: MATCH_LIMIT,
        })
      : undefined;
    return {
      terms: {
        patientIds: patients?.map((row) => row.id),
        caseIds: cases?.map((row) => row.id),
        userIds: users?.map((row) => row.id),
      },
      matched: {
        patients: (patients ?? []).map((row) => ({
          id: row.id,
          name: `${row.givenName} ${row.familyName}`,
          mrn: row.mrn,
        })),
        cases: (cases ?? []).map((row) => ({ id: row.id, reference: row.reference })),
        users: (users ?? []).map((row) => ({ id: row.id, name: row.displayName, email: row.email })),
      },
    };
  }

  /**
   * Names and references of the ids a page of events names, in one statement (it was five ORM
   * queries in three round trips per search): the recommendations' cases and the cases' patients
   * come with them. Patient names only of patients with a case in `boards`.
   */
  async lookups(ids: NamedIds, boards: { in: string[] } | undefined): Promise<AuditLookups> {
    const { rows } = await this.prisma.sql.query<AuditLookupRow>(LOOKUPS_SQL, [
      ids.users,
      ids.cases,
      ids.patients,
      ids.recommendations,
      ids.meetings,
      boards ? boards.in : null,
    ]);
    const users = new Map<string, { name: string; email: string }>();
    const cases = new Map<string, { reference: string; patientId: string }>();
    const patients = new Map<string, { name: string; mrn: string }>();
    const recommendations = new Map<string, { caseId: string; draftVersion: number }>();
    const meetings = new Map<string, { title: string; startsAt: Date }>();
    for (const row of rows) {
      switch (row.kind) {
        case 'user':
          users.set(row.id, { name: row.name, email: row.email });
          break;
        case 'case':
          cases.set(row.id, { reference: row.reference, patientId: row.patientId });
          break;
        case 'patient':
          patients.set(row.id, { name: row.name, mrn: row.mrn });
          break;
        case 'recommendation':
          recommendations.set(row.id, { caseId: row.caseId, draftVersion: row.draftVersion });
          break;
        case 'meeting':
          meetings.set(row.id, { title: row.title, startsAt: row.startsAt });
          break;
      }
    }
    return { users, cases, patients, recommendations, meetings };
  }

  /**
   * Every PHI read of a patient (or of one case: the reads that showed the case, and the lists
   * that named its patient), newest first, keyset on seq. Each way an event names a patient has
   * its own index (patient_id, audit_event_subjects, the GIN index on detail.patientIds of
   * prisma/sql/audit-event-patient-ids.sql): a UNION of the three, then the page.
   */
  async reads(
    about: { patientId: string; caseId?: string },
    boards: { in: string[] } | undefined,
    limit: number,
    cursor?: string,
  ): Promise<AuditEventView[]> {
    const named = about.caseId
      ? `SELECT event_seq AS seq FROM audit_event_subjects WHERE case_id = $6::uuid
         UNION SELECT seq FROM audit_events WHERE detail ? 'patientIds' AND (detail -> 'patientIds') @> jsonb_build_array($1::text) AND type = 'case.list'`
      : `SELECT seq FROM audit_events WHERE patient_id = $1::uuid
         UNION SELECT event_seq FROM audit_event_subjects WHERE patient_id = $1::uuid
         UNION SELECT seq FROM audit_events WHERE detail ? 'patientIds' AND (detail -> 'patientIds') @> jsonb_build_array($1::text)`;
    const { rows } = await this.prisma.sql.query<{ seq: string }>(
      `SELECT e.seq::text AS seq FROM (${named}) ids JOIN audit_events e ON e.seq = ids.seq
        WHERE e.type = ANY($2::text[]) AND ($3::uuid[] IS NULL OR e.board_id = ANY($3::uuid[]) OR e.board_id IS NULL) AND ($4::bigint IS NULL OR e.seq < $4::bigint)
        ORDER BY e.seq DESC LIMIT $5`,
      [
        about.patientId,
        [...PHI_READ_TYPES],
        boards ? boards.in : null,
        cursor ?? null,
        limit,
        ...(about.caseId ? [about.caseId] : []),
      ],
    );
    return this.events(rows);
  }

  async caseOf(caseId: string): Promise<{ id: string; patientId: string; reference: string } | null> {
    return this.prisma.case.findUnique({
      where: { id: caseId },
      select: { id: true, patientId: true, reference: true },
    });
  }
}

/** A row of LOOKUPS_SQL: one named thing, its columns by kind (the others are null). */
export type AuditLookupRow =
  | { kind: 'user'; id: string; name: string; email: string }
  | { kind: 'case'; id: string; reference: string; patientId: string }
  | { kind: 'patient'; id: string; name: string; mrn: string }
  | { kind: 'recommendation'; id: string; caseId: string; draftVersion: number }
  | { kind: 'meeting'; id: string; title: string; startsAt: Date };

/**
 * Every name a page of events shows, each kind by its primary key ($1 users, $2 cases, $3
 * patients, $4 recommendations, $5 meetings): the recommendations' cases join the cases, the
 * cases' patients the patients; a patient's name only with a case in the boards $6 (null: all).
 * Ids as `= ANY(ARRAY(...))`, not `= ANY(...) OR IN (...)`: an OR made PostgreSQL scan cases and
 * patients (data-scale bench EXPLAIN); this way each kind is primary-key lookups.
 */
const LOOKUPS_SQL = `WITH recommendation AS (
    SELECT id, case_id, draft_version FROM recommendations WHERE id = ANY($4::uuid[])
  ), named_case AS (
    SELECT id, reference, patient_id FROM cases
     WHERE id = ANY(ARRAY(SELECT unnest($2::uuid[]) UNION SELECT case_id FROM recommendation))
  ), named_patient AS (
    SELECT id, given_name, family_name, mrn FROM patients
     WHERE id = ANY(ARRAY(SELECT unnest($3::uuid[]) UNION SELECT patient_id FROM named_case))
  )
  SELECT 'user' AS kind, id, display_name AS name, email, NULL AS reference, NULL::uuid AS "patientId", NULL AS mrn,
         NULL::uuid AS "caseId", NULL::int AS "draftVersion", NULL AS title, NULL::timestamptz AS "startsAt"
    FROM users WHERE id = ANY($1::uuid[])
  UNION ALL
  SELECT 'case', id, NULL, NULL, reference, patient_id, NULL, NULL, NULL, NULL, NULL FROM named_case
  UNION ALL
  SELECT 'patient', p.id, p.given_name || ' ' || p.family_name, NULL, NULL, NULL, p.mrn, NULL, NULL, NULL, NULL
    FROM named_patient p
   WHERE $6::uuid[] IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.patient_id = p.id AND c.board_id = ANY($6::uuid[]))
  UNION ALL
  SELECT 'recommendation', id, NULL, NULL, NULL, NULL, NULL, case_id, draft_version, NULL, NULL FROM recommendation
  UNION ALL
  SELECT 'meeting', id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, title, starts_at FROM meetings WHERE id = ANY($5::uuid[])`;

/** An audit event and its leaf as AuditEventView (aliases `e` and `l`): the shape the API has always answered. */
const VIEW_COLUMNS = `e.id, e.seq::text AS seq, e.recorded_at AS "recordedAt", e.action::text AS action, e.type, e.outcome::text AS outcome,
  e.outcome_desc AS "outcomeDesc", e.actor_user_id AS "actorUserId", e.actor_roles AS "actorRoles", e.on_behalf_of_id AS "onBehalfOfId",
  e.source_service AS "sourceService", e.source_instance AS "sourceInstance", e.network_address AS "networkAddress", e.user_agent AS "userAgent",
  e.purpose_of_use AS "purposeOfUse", e.entity_type AS "entityType", e.entity_id AS "entityId", e.patient_id AS "patientId", e.board_id AS "boardId",
  e.request_id AS "requestId", e.changes, e.detail, l.leaf_index::text AS "leafIndex", l.batch_id::text AS "batchId"`;

/** A row of VIEW_COLUMNS: only the time needs turning into its ISO string. */
function viewOf(row: AuditEventView): AuditEventView {
  return { ...row, recordedAt: (row.recordedAt as unknown as Date).toISOString() };
}
