import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import type { CaseDetail } from './case-lifecycle.service';

const utcDate = (value: string | null): Date | null => (value === null ? null : new Date(`${value}T00:00:00Z`));

/**
 * The case read (the screen clinicians open most) in two plain SQL queries run together, instead
 * of three ORM round trips; it returns exactly the shape the Prisma include would.
 */
@Injectable()
export class CaseReadRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findDetail(id: string): Promise<CaseDetail | null> {
    const [cases, metastases] = await Promise.all([
      this.prisma.sql.query<Record<string, unknown>>(
        `SELECT c.id, c.reference, c.patient_id AS "patientId", c.board_id AS "boardId", c.referring_clinician_id AS "referringClinicianId",
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
                p.mrn, p.given_name AS "givenName", p.family_name AS "familyName", p.birth_date AS "birthDate", p.sex::text AS sex,
                p.created_at AS "patientCreatedAt", p.updated_at AS "patientUpdatedAt", p.version AS "patientVersion"
           FROM cases c JOIN patients p ON p.id = c.patient_id
          WHERE c.id = $1::uuid`,
        [id],
      ),
      this.prisma.sql.query<Record<string, unknown>>(
        `SELECT id, case_id AS "caseId", position, site::text AS site, count, resectability::text AS resectability
           FROM metastases WHERE case_id = $1::uuid ORDER BY position`,
        [id],
      ),
    ]);
    const row = cases.rows[0];
    if (!row) return null;
    const { mrn, givenName, familyName, birthDate, sex, patientCreatedAt, patientUpdatedAt, patientVersion, ...caseColumns } = row;
    return {
      ...caseColumns,
      lastImagingDate: utcDate(row.lastImagingDate as string | null),
      treatmentStartedOn: utcDate(row.treatmentStartedOn as string | null),
      metastases: metastases.rows,
      patient: {
        id: row.patientId,
        mrn,
        givenName,
        familyName,
        birthDate: utcDate(birthDate as string),
        sex,
        createdAt: patientCreatedAt,
        updatedAt: patientUpdatedAt,
        version: patientVersion,
      },
    } as unknown as CaseDetail;
  }
}
