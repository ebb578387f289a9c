import type { CaseStatus } from '@prisma/client';

/** The case lifecycle: referred -> ready -> scheduled -> discussed -> decided -> in treatment -> closed. */
export const ALLOWED_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  REFERRED: ['READY', 'CLOSED'],
  READY: ['REFERRED', 'SCHEDULED', 'CLOSED'],
  // Back to READY when taken off an agenda; DISCUSSED once the meeting has dealt with it.
  SCHEDULED: ['READY', 'DISCUSSED', 'CLOSED'],
  // Deferred to a later meeting, or decided by sign-off.
  DISCUSSED: ['SCHEDULED', 'DECIDED', 'CLOSED'],
  DECIDED: ['IN_TREATMENT', 'CLOSED'],
  IN_TREATMENT: ['CLOSED'],
  CLOSED: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}
