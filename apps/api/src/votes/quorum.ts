import type { Specialty } from '@prisma/client';

/** Specialties in the schema's order, so summaries read the same way every time. */
const SPECIALTY_ORDER: readonly Specialty[] = [
  'COLORECTAL_SURGERY',
  'HEPATOBILIARY_SURGERY',
  'MEDICAL_ONCOLOGY',
  'RADIATION_ONCOLOGY',
  'RADIOLOGY',
  'PATHOLOGY',
  'GASTROENTEROLOGY',
  'NURSING',
];

/** Someone checked in to a meeting: the specialty they counted for, and whether they have left. */
export interface QuorumAttendee {
  readonly specialty: Specialty | null;
  readonly leftAt?: Date | null;
}

export interface Quorum {
  readonly requiredSpecialties: Specialty[];
  /** Specialties of the attendees still present (required or not). */
  readonly presentSpecialties: Specialty[];
  /** Required specialties nobody present counts for. */
  readonly missingSpecialties: Specialty[];
  readonly quorate: boolean;
}

function ordered(specialties: Iterable<Specialty>): Specialty[] {
  const set = new Set(specialties);
  return SPECIALTY_ORDER.filter((specialty) => set.has(specialty));
}

/**
 * A meeting is quorate when every required specialty (copied from the board when the meeting was
 * created) is represented by at least one attendee who has not left. Attendees without a
 * specialty (coordinators) never count towards quorum.
 */
export function quorumOf(requiredSpecialties: readonly Specialty[], attendees: readonly QuorumAttendee[]): Quorum {
  const present = ordered(
    attendees
      .filter((attendee) => !attendee.leftAt)
      .flatMap((attendee) => (attendee.specialty ? [attendee.specialty] : [])),
  );
  const required = ordered(requiredSpecialties);
  const missing = required.filter((specialty) => !present.includes(specialty));
  return {
    requiredSpecialties: required,
    presentSpecialties: present,
    missingSpecialties: missing,
    quorate: missing.length === 0,
  };
}
