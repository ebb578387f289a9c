import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Patient } from '@prisma/client';
import { changedFields, type AuditActor } from '@consilium/audit';
import { PrismaService, type Tx } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { CreatePatientDto, PatientDto } from './dto/patient.dto';

export function toPatientDto(patient: Patient): PatientDto {
  return {
    id: patient.id,
    mrn: patient.mrn,
    givenName: patient.givenName,
    familyName: patient.familyName,
    birthDate: patient.birthDate.toISOString().slice(0, 10),
    sex: patient.sex,
  };
}

@Injectable()
export class PatientsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditRecorder,
  ) {}

  /** A duplicate MRN is a 409 naming `mrn` (unique constraint, mapped by the problem filter). */
  async create(input: CreatePatientDto, actor: AuditActor): Promise<PatientDto> {
    const birthDate = new Date(`${input.birthDate}T00:00:00Z`);
    if (Number.isNaN(birthDate.getTime()) || birthDate.getTime() > Date.now()) {
      throw new BadRequestException('birthDate must be a past date');
    }
    return this.prisma.$transaction(async (tx) => {
      const patient = await tx.patient.create({ data: { ...input, mrn: input.mrn.toUpperCase(), birthDate } });
      await this.audit.record(tx, {
        action: 'C',
        type: 'patient.create',
        actor,
        entity: { type: 'patient', id: patient.id },
        patientId: patient.id,
      });
      return toPatientDto(patient);
    });
  }

  /**
   * The patient with this MRN, created or brought up to date (names, birth date, sex) inside the
   * caller's transaction, with its audit row (patient.create, or patient.update listing the changes).
   */
  async upsertByMrn(
    tx: Tx,
    input: CreatePatientDto,
    actor: AuditActor,
  ): Promise<{ patient: Patient; outcome: 'created' | 'updated' | 'unchanged' }> {
    const mrn = input.mrn.toUpperCase();
    const birthDate = new Date(`${input.birthDate}T00:00:00Z`);
    const existing = await tx.patient.findUnique({ where: { mrn } });
    if (existing === null) {
      const patient = await tx.patient.create({ data: { ...input, mrn, birthDate } });
      await this.audit.record(tx, {
        action: 'C',
        type: 'patient.create',
        actor,
        entity: { type: 'patient', id: patient.id },
        patientId: patient.id,
      });
      return { patient, outcome: 'created' };
    }
    const plain = (row: Pick<Patient, 'givenName' | 'familyName' | 'birthDate' | 'sex'>) => ({
      givenName: row.givenName,
      familyName: row.familyName,
      birthDate: row.birthDate.toISOString().slice(0, 10),
      sex: row.sex,
    });
    const changes = changedFields(plain(existing), plain({ ...input, birthDate }));
    if (Object.keys(changes).length === 0) return { patient: existing, outcome: 'unchanged' };
    const patient = await tx.patient.update({
      where: { id: existing.id },
      data: {
        givenName: input.givenName,
        familyName: input.familyName,
        birthDate,
        sex: input.sex,
        version: { increment: 1 },
      },
    });
    await this.audit.record(tx, {
      action: 'U',
      type: 'patient.update',
      actor,
      entity: { type: 'patient', id: patient.id },
      patientId: patient.id,
      changes,
    });
    return { patient, outcome: 'updated' };
  }

  /** A PHI read: recorded in the audit trail. */
  async get(id: string, actor: AuditActor): Promise<PatientDto> {
    const patient = await this.prisma.patient.findUnique({ where: { id } });
    if (!patient) throw new NotFoundException('patient not found');
    await this.audit.recordRead({
      action: 'R',
      type: 'patient.read',
      actor,
      entity: { type: 'patient', id },
      patientId: id,
    });
    return toPatientDto(patient);
  }
}
