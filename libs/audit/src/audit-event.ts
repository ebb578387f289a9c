import type { AuditAction, AuditOutcome } from '@prisma/client';
import type { AuditEventType } from './audit-event-types';

/**
 * What a caller records: a FHIR AuditEvent / IHE BALP shaped event. The writer adds the
 * recorded time, the source (service, instance) and the sequence.
 */
export interface AuditEventInput {
  /** C(reate), R(ead), U(pdate), D(elete), E(xecute) */
  readonly action: AuditAction;
  /** e.g. "case.update", "auth.login", "reminder.delivered" (AUDIT_EVENT_TYPES lists them all) */
  readonly type: AuditEventType;
  readonly outcome?: AuditOutcome;
  readonly outcomeDesc?: string;
  readonly actor: AuditActor;
  readonly entity: { readonly type: string; readonly id?: string | null };
  /** Set whenever PHI is involved. */
  readonly patientId?: string | null;
  /** Board the entity belongs to (auditor board scoping). */
  readonly boardId?: string | null;
  /** For updates: changed fields with old and new values. */
  readonly changes?: Readonly<Record<string, { readonly old: unknown; readonly new: unknown }>> | null;
  readonly detail?: Readonly<Record<string, unknown>> | null;
}

/** Who did it, from where, and why. `userId: null` is the system. */
export interface AuditActor {
  readonly userId: string | null;
  readonly roles?: readonly string[];
  readonly onBehalfOfId?: string | null;
  readonly networkAddress?: string | null;
  readonly userAgent?: string | null;
  readonly requestId?: string | null;
  /** HL7 PurposeOfUse code, e.g. TREAT (treatment), HOPERAT (operations), SYSADMIN. */
  readonly purposeOfUse?: string | null;
  /** The API route that served the request, e.g. "GET /cases/:id" (reads record it: "who saw this patient"). */
  readonly route?: string | null;
  /** The web app's screen that asked (its X-Consilium-Screen header, e.g. "meeting-mode"); null for other clients. */
  readonly screen?: string | null;
}

/** The source of events: which service and which instance of it wrote them. */
export interface AuditSource {
  readonly service: string;
  readonly instance: string;
}

/** The system actor (worker jobs, sweeps). */
export const SYSTEM_ACTOR: AuditActor = { userId: null, roles: ['SYSTEM'], purposeOfUse: 'HOPERAT' };

/** Field-level diff of two plain records: only the keys whose values differ. */
export function changedFields(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = { old: before[key] ?? null, new: after[key] ?? null };
    }
  }
  return changes;
}
