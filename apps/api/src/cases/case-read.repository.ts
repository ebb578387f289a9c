import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { CaseDetail } from './case-lifecycle.service';

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
 * Turns a row of CASE_DETAIL_COLUMNS (plus any extra columns, which are kept) into exactly the
 * shape the Prisma include `caseDetail` returns.
 */
export function toCaseDetail(row: Row): CaseDetail {
  const caseColumns: Row = {};
  const patient: Row = { id: row.patientId };
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('p_')) patient[key.slice(2)] = value;
    else caseColumns[key] = value;
  }
  patient.birthDate = utcDate(patient.birthDate as string);
  return {
    ...caseColumns,
    lastImagingDate: utcDate(row.lastImagingDate as string | null),
    treatmentStartedOn: utcDate(row.treatmentStartedOn as string | null),
    patient,
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
}
