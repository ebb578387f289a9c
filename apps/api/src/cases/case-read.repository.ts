import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { CaseDetail } from './case-lifecycle.service';

const utcDate = (value: string | null): Date | null => (value === null ? null : new Date(`${value}T00:00:00Z`));

/** The columns of a case and its patient, aliased to the Prisma field names (`c` and `p`). */
export const CASE_DETAIL_COLUMNS = `
  c.id, c.reference, c.patient_id AS "patientId", c.board_id AS "boardId", c.referring_clinician_id AS "referringClinicianId",
  c.referring_clinician_name AS "referringClinicianName", c.question_for_board AS "questionForBoard", c.status::text AS status,
  c.version, c.t_category::text AS "tCategory", c.n_category::text AS "nCategory", c.m_category::text AS "mCategory",
  c.distance_from_anal_verge_cm AS "distanceFromAnalVergeCm", c.mesorectal_fascia_threatened AS "mesorectalFasciaThreatened",
  c.ecog, c.fit_for_intensive_treatment AS "fitForIntensiveTreatment", c.comorbidities,
  c.creatinine_clearance_ml_min AS "creatinineClearanceMlMin", c.declines_major_surgery AS "declinesMajorSurgery",
  c.declines_radiotherapy AS "declinesRadiotherapy", c.preference_notes AS "preferenceNotes",
  c.symptom_bleeding AS "symptomBleeding", c.symptom_obstruction AS "symptomObstruction", c.symptom_pain AS "symptomPain",
  c.kras::text AS kras, c.kras_variant AS "krasVariant", c.nras::text AS nras, c.braf::text AS braf, c.mmr::text AS mmr,
  c.her2::text AS her2, c.dpd::text AS dpd, c.last_imaging_date AS "lastImagingDate", c.referred_at AS "referredAt",
  c.discussed_at AS "discussedAt", c.decided_at AS "decidedAt", c.treatment_started_on AS "treatmentStartedOn",
  c.closed_at AS "closedAt", c.created_by_id AS "createdById", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  p.mrn AS "p_mrn", p.given_name AS "p_givenName", p.family_name AS "p_familyName", p.birth_date AS "p_birthDate", p.sex::text AS "p_sex",
  p.created_at AS "p_createdAt", p.updated_at AS "p_updatedAt", p.version AS "p_version"`;

/**
 * The metastases of case `c` as one JSON array column `metastases` (a LATERAL join): the case and
 * its metastases come back in one round trip, in the shape Prisma's include returns.
 */
export const METASTASES_LATERAL = `LEFT JOIN LATERAL (
    SELECT COALESCE(json_agg(json_build_object('id', m.id, 'caseId', m.case_id, 'position', m.position, 'site', m.site,
                                               'count', m.count, 'resectability', m.resectability) ORDER BY m.position), '[]'::json) AS metastases
      FROM metastases m WHERE m.case_id = c.id) ms ON true`;

type Row = Record<string, unknown>;

/**
 * Turns a row of CASE_DETAIL_COLUMNS (plus any extra columns, which are kept) and the case's
 * metastases into exactly the shape the Prisma include `caseDetail` returns.
 */
export function toCaseDetail(row: Row, metastases: readonly Row[] = row.metastases as Row[]): CaseDetail {
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
    metastases,
    patient,
  } as unknown as CaseDetail;
}

/**
 * Case reads (the screens clinicians open most) in one plain SQL statement instead of several ORM
 * round trips; they return exactly the shape the Prisma include would (a test compares).
 */
@Injectable()
export class CaseReadRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findDetail(id: string): Promise<CaseDetail | null> {
    const { rows } = await this.prisma.sql.query<Row>(
      `SELECT ${CASE_DETAIL_COLUMNS}, ms.metastases FROM cases c JOIN patients p ON p.id = c.patient_id ${METASTASES_LATERAL} WHERE c.id = $1::uuid`,
      [id],
    );
    const row = rows[0];
    return row ? toCaseDetail(row) : null;
  }
}
