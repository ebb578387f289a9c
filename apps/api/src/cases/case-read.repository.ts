import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { CaseStatus } from '@prisma/client';
import type { CaseDetail } from './case-lifecycle.service';

/** A LIKE pattern matching `text` literally (its %, _ and \\ escaped). */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** What a page of the case list is filtered by; boardIds undefined: every board. */
export interface CasePageFilter {
  readonly boardIds?: readonly string[];
  readonly status?: CaseStatus;
  readonly sitePrefix?: string;
  /** A pathway id, or null for cases without one. */
  readonly pathwayId?: string | null;
  /** Part of the reference or of the patient's name, or the whole MRN (case-insensitive). */
  readonly search?: string;
  readonly after?: { referredAt: Date; id: string };
}

const utcDate = (value: string | null): Date | null => (value === null ? null : new Date(`${value}T00:00:00Z`));

/** The columns of a case and its patient, aliased to the Prisma field names (`c` and `p`). */
export const CASE_DETAIL_COLUMNS = `
  c.id, c.reference, c.patient_id AS "patientId", c.board_id AS "boardId", c.referring_clinician_id AS "referringClinicianId",
  c.referring_clinician_name AS "referringClinicianName", c.question_for_board AS "questionForBoard", c.status::text AS status,
  c.version, c.core, c.site_code AS "siteCode", c.pathway_id AS "pathwayId", c.pathway_facts AS "pathwayFacts",
  c.last_imaging_date AS "lastImagingDate", c.report_links AS "reportLinks", c.referred_at AS "referredAt",
  c.discussed_at AS "discussedAt", c.decided_at AS "decidedAt", c.treatment_started_on AS "treatmentStartedOn",
  c.closed_at AS "closedAt", c.created_by_id AS "createdById", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  p.mrn AS "p_mrn", p.given_name AS "p_givenName", p.family_name AS "p_familyName", p.birth_date AS "p_birthDate", p.sex::text AS "p_sex",
  p.created_at AS "p_createdAt", p.updated_at AS "p_updatedAt", p.version AS "p_version"`;

type Row = Record<string, unknown>;

/**
 * Turns a row of CASE_DETAIL_COLUMNS into exactly the shape the Prisma include `caseDetail`
 * returns. Field by field: the agenda maps twenty of these per request, and walking each row's
 * entries by prefix was a twentieth of its CPU.
 */
export function toCaseDetail(row: Row): CaseDetail {
  return {
    id: row.id,
    reference: row.reference,
    patientId: row.patientId,
    boardId: row.boardId,
    referringClinicianId: row.referringClinicianId,
    referringClinicianName: row.referringClinicianName,
    questionForBoard: row.questionForBoard,
    status: row.status,
    version: row.version,
    core: row.core,
    siteCode: row.siteCode,
    pathwayId: row.pathwayId,
    pathwayFacts: row.pathwayFacts,
    lastImagingDate: utcDate(row.lastImagingDate as string | null),
    reportLinks: row.reportLinks,
    referredAt: row.referredAt,
    discussedAt: row.discussedAt,
    decidedAt: row.decidedAt,
    treatmentStartedOn: utcDate(row.treatmentStartedOn as string | null),
    closedAt: row.closedAt,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    patient: {
      id: row.patientId,
      mrn: row.p_mrn,
      givenName: row.p_givenName,
      familyName: row.p_familyName,
      birthDate: utcDate(row.p_birthDate as string),
      sex: row.p_sex,
      createdAt: row.p_createdAt,
      updatedAt: row.p_updatedAt,
      version: row.p_version,
    },
  } as unknown as CaseDetail;
}

/**
 * Case reads (the screens clinicians open most) in one plain SQL statement; they return exactly the shape the Prisma include would (a test compares).
 */
@Injectable()
export class CaseReadRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findDetail(id: string): Promise<CaseDetail | null> {
    const { rows } = await this.prisma.sql.query<Row>(
      `SELECT ${CASE_DETAIL_COLUMNS} FROM cases c JOIN patients p ON p.id = c.patient_id WHERE c.id = $1::uuid`,
      [id],
    );
    const row = rows[0];
    return row ? toCaseDetail(row) : null;
  }

  /**
   * A page of the case list, newest referral first (keyset on referral time and id), `limit`
   * rows. Shaped for the indexes (prisma/sql/case-search.sql and cases (board_id, referred_at,
   * id)): the board's cases are walked in referral order; a search looks the patients up by
   * trigram indexes on their names and MRN (and the reference by its own), never an OR across
   * the join (which reads every patient).
   */
  async findPage(filter: CasePageFilter, limit: number): Promise<CaseDetail[]> {
    const values: unknown[] = [];
    const param = (value: unknown, type: string): string => `$${values.push(value)}::${type}`;
    const where: string[] = [];
    // One board by equality: the (board_id, referred_at, id) index then gives the page in order and
    // stops after `limit` rows (with = ANY(...) PostgreSQL reads and sorts all the board's cases).
    if (filter.boardIds?.length === 1) where.push(`c.board_id = ${param(filter.boardIds[0], 'uuid')}`);
    else if (filter.boardIds) where.push(`c.board_id = ANY(${param([...filter.boardIds], 'uuid[]')})`);
    if (filter.status) where.push(`c.status = ${param(filter.status, '"CaseStatus"')}`);
    if (filter.sitePrefix) where.push(`c.site_code LIKE ${param(`${likeLiteral(filter.sitePrefix)}%`, 'text')}`);
    if (filter.pathwayId !== undefined)
      where.push(
        filter.pathwayId === null ? 'c.pathway_id IS NULL' : `c.pathway_id = ${param(filter.pathwayId, 'text')}`,
      );
    if (filter.search) {
      const contains = param(`%${likeLiteral(filter.search)}%`, 'text');
      const patients = `SELECT id FROM patients WHERE family_name ILIKE ${contains} OR given_name ILIKE ${contains} OR mrn ILIKE ${param(likeLiteral(filter.search), 'text')}`;
      // Within boards, the matching patients are looked up once (a hashed subplan) and the boards'
      // cases walked; across every board, the matching cases are found first (by index) instead.
      where.push(
        filter.boardIds
          ? `(c.reference ILIKE ${contains} OR c.patient_id IN (${patients}))`
          : `c.id IN (SELECT id FROM cases WHERE reference ILIKE ${contains} UNION SELECT id FROM cases WHERE patient_id IN (${patients}))`,
      );
    }
    if (filter.after) {
      const at = param(filter.after.referredAt, 'timestamptz');
      where.push(`(c.referred_at, c.id) < (${at}, ${param(filter.after.id, 'uuid')})`);
    }
    const { rows } = await this.prisma.sql.query<Row>(
      `SELECT ${CASE_DETAIL_COLUMNS} FROM cases c JOIN patients p ON p.id = c.patient_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.referred_at DESC, c.id DESC LIMIT ${param(limit, 'int')}`,
      values,
    );
    return rows.map(toCaseDetail);
  }
}
