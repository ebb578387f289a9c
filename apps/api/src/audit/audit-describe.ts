import type { AuditEventView } from './dto/audit-query.dto';

/** What the describer knows about the ids an event names (loaded in one batch per page). */
export interface AuditLookups {
  readonly users: ReadonlyMap<string, { readonly name: string; readonly email: string }>;
  readonly cases: ReadonlyMap<string, { readonly reference: string; readonly patientId: string }>;
  /** Only the patients whose names the auditor may see (a case of theirs in one of the auditor's boards). */
  readonly patients: ReadonlyMap<string, { readonly name: string; readonly mrn: string }>;
  readonly recommendations: ReadonlyMap<string, { readonly caseId: string; readonly draftVersion: number }>;
  readonly meetings: ReadonlyMap<string, { readonly title: string; readonly startsAt: Date }>;
}

/** The ids an event names, by kind: what the lookups must hold to describe it. */
export interface NamedIds {
  users: string[];
  cases: string[];
  patients: string[];
  recommendations: string[];
  meetings: string[];
}

/** An event as the auditor reads it: who, about what, doing what. */
export interface EventDescription {
  readonly actorName: string | null;
  readonly actorEmail: string | null;
  /** A sentence without the actor: "viewed case CRC-2026-0001", "signed off recommendation v2 of case CRC-2026-0001". */
  readonly summary: string;
  /** The entity in words: "case CRC-2026-0001", "meeting Tumor board (2026-12-01)". */
  readonly entityLabel: string;
  readonly caseId: string | null;
  readonly caseReference: string | null;
  readonly patientName: string | null;
  readonly recommendationId: string | null;
  readonly meetingId: string | null;
  /** The API route that served a read ("GET /cases/:id"), when recorded. */
  readonly route: string | null;
  /** The web screen that asked ("meeting-mode"), when recorded. */
  readonly screen: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function uuid(value: unknown): string | null {
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

/** The ids of every kind that `events` name (actor, entity, detail), deduplicated. */
export function namedIds(events: readonly AuditEventView[]): NamedIds {
  const users = new Set<string>();
  const cases = new Set<string>();
  const patients = new Set<string>();
  const recommendations = new Set<string>();
  const meetings = new Set<string>();
  const add = (set: Set<string>, value: string | null): void => {
    if (value) set.add(value);
  };
  for (const event of events) {
    const detail = record(event.detail);
    add(users, uuid(event.actorUserId));
    add(users, uuid(detail.userId));
    add(patients, uuid(event.patientId));
    add(cases, uuid(detail.caseId));
    add(recommendations, uuid(detail.recommendationId));
    add(meetings, uuid(detail.meetingId));
    const id = uuid(event.entityId);
    if (event.entityType === 'case') add(cases, id);
    if (event.entityType === 'user') add(users, id);
    if (event.entityType === 'patient') add(patients, id);
    if (event.entityType === 'recommendation') add(recommendations, id);
    if (event.entityType === 'meeting') add(meetings, id);
  }
  return {
    users: [...users],
    cases: [...cases],
    patients: [...patients],
    recommendations: [...recommendations],
    meetings: [...meetings],
  };
}

const CHOICES: Record<string, string> = {
  APPROVE: 'approve',
  APPROVE_WITH_CHANGES: 'approve with changes',
  REJECT: 'reject',
  ABSTAIN: 'abstain',
};

/** Words for the code a user never typed: MEDICAL_ONCOLOGY -> medical oncology. */
export function words(code: string): string {
  return code.replace(/[_.-]+/g, ' ').toLowerCase();
}

function changedNames(changes: unknown): string {
  const names = Object.keys(record(changes));
  return names.length === 0
    ? ''
    : ` (${names.map((name) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()).join(', ')})`;
}

/**
 * Describes one event in words for the auditor (issue 21): the actor's name, the entity by its
 * reference (case reference, meeting title and date, recommendation version), the patient's name
 * only when the lookups hold it (the auditor may see it), and a readable action instead of the
 * FHIR action letter. Unknown types fall back to their words ("board member add").
 */
export function describeEvent(event: AuditEventView, lookups: AuditLookups): EventDescription {
  const detail = record(event.detail);
  const changes = record(event.changes);
  const actor = event.actorUserId ? lookups.users.get(event.actorUserId) : undefined;
  const entityId = uuid(event.entityId);

  const recommendationId = event.entityType === 'recommendation' ? entityId : uuid(detail.recommendationId);
  const recommendation = recommendationId ? lookups.recommendations.get(recommendationId) : undefined;
  const caseId =
    (event.entityType === 'case' ? entityId : null) ?? uuid(detail.caseId) ?? recommendation?.caseId ?? null;
  const caseRow = caseId ? lookups.cases.get(caseId) : undefined;
  const meetingId = event.entityType === 'meeting' ? entityId : uuid(detail.meetingId);
  const meeting = meetingId ? lookups.meetings.get(meetingId) : undefined;
  const patientId = uuid(event.patientId) ?? caseRow?.patientId ?? null;
  const patient = patientId ? lookups.patients.get(patientId) : undefined;

  const caseText = caseRow ? `case ${caseRow.reference}` : caseId ? 'a case' : 'cases';
  const meetingText = meeting
    ? `meeting "${meeting.title}" (${meeting.startsAt.toISOString().slice(0, 10)})`
    : 'a meeting';
  const version = recommendation
    ? `recommendation v${recommendation.draftVersion}`
    : typeof detail.draftVersion === 'number'
      ? `recommendation v${detail.draftVersion}`
      : 'a recommendation';
  const recommendationText = caseRow ? `${version} of case ${caseRow.reference}` : version;
  const userOf = (id: unknown): string => {
    const user = typeof id === 'string' ? lookups.users.get(id) : undefined;
    return user ? user.name : 'a user';
  };
  const screen = text(detail.screen);
  const count = typeof detail.count === 'number' ? detail.count : null;
  const statusChange = record(changes.status);

  let summary: string;
  let entityLabel: string;
  switch (event.type) {
    case 'case.read':
      summary = `viewed ${caseText}${screen === 'meeting-mode' ? ' in meeting mode' : ''}`;
      entityLabel = caseText;
      break;
    case 'case.list':
      summary = `listed cases${count === null ? '' : ` (${count} shown)`}`;
      entityLabel = 'case list';
      break;
    case 'case.create':
      summary = `created ${caseText}`;
      entityLabel = caseText;
      break;
    case 'case.update':
      summary = `edited the facts of ${caseText}${changedNames(event.changes)}`;
      entityLabel = caseText;
      break;
    case 'case.status':
      summary = `moved ${caseText} from ${words(String(statusChange.old ?? '?'))} to ${words(String(statusChange.new ?? '?'))}`;
      entityLabel = caseText;
      break;
    case 'patient.read':
      summary = `viewed the patient record${patient ? ` of ${patient.name}` : ''}`;
      entityLabel = patient ? `patient ${patient.name}` : 'patient';
      break;
    case 'patient.create':
      summary = `registered patient${patient ? ` ${patient.name}` : ''}`;
      entityLabel = patient ? `patient ${patient.name}` : 'patient';
      break;
    case 'meeting.agenda.read':
      summary = `${screen === 'meeting-mode' ? 'opened meeting mode of' : 'viewed the agenda of'} ${meetingText}${Array.isArray(detail.caseIds) ? ` (${detail.caseIds.length} cases)` : ''}`;
      entityLabel = meetingText;
      break;
    case 'meeting.agenda.add':
      summary = `put ${caseText} on the agenda of ${meetingText}`;
      entityLabel = meetingText;
      break;
    case 'meeting.agenda.remove':
      summary = `took ${caseText} off the agenda of ${meetingText}`;
      entityLabel = meetingText;
      break;
    case 'meeting.agenda.update':
      summary = `changed the agenda slot of ${caseText} in ${meetingText}${changedNames(event.changes)}`;
      entityLabel = meetingText;
      break;
    case 'meeting.agenda.reorder':
      summary = `reordered the agenda of ${meetingText}`;
      entityLabel = meetingText;
      break;
    case 'meeting.create':
      summary = `scheduled ${meetingText}`;
      entityLabel = meetingText;
      break;
    case 'meeting.update':
      summary = `edited ${meetingText}${changedNames(event.changes)}`;
      entityLabel = meetingText;
      break;
    case 'meeting.status':
      summary = `moved ${meetingText} from ${words(String(statusChange.old ?? '?'))} to ${words(String(statusChange.new ?? '?'))}`;
      entityLabel = meetingText;
      break;
    case 'meeting.voting-window':
      summary = `opened a voting window for ${meetingText}`;
      entityLabel = meetingText;
      break;
    case 'meeting.attendance.check-in':
    case 'meeting.attendance.check-out': {
      const other = uuid(detail.userId) !== null && detail.userId !== event.actorUserId;
      const direction = event.type.endsWith('check-in') ? 'in at' : 'out of';
      summary = `checked ${other ? `${userOf(detail.userId)} ` : ''}${direction} ${meetingText}`;
      entityLabel = meetingText;
      break;
    }
    case 'recommendation.draft':
      summary = `drafted ${recommendationText} (pathway ${text(detail.pathwayVersion) ?? '?'}, branch ${text(detail.primaryBranch) ?? '?'})`;
      entityLabel = recommendationText;
      break;
    case 'recommendation.propose':
      summary = `edited the proposal of ${recommendationText}`;
      entityLabel = recommendationText;
      break;
    case 'recommendation.override':
      summary = `overrode finding ${text(detail.code) ?? '?'} on ${recommendationText}: "${text(detail.reason) ?? ''}"`;
      entityLabel = recommendationText;
      break;
    case 'recommendation.sign-off':
      summary = `signed off ${recommendationText}${detail.followsPathway === false ? ` (deviates from the pathway${text(detail.deviationReason) ? `: ${words(String(detail.deviationReason))}` : ''})` : ''}`;
      entityLabel = recommendationText;
      break;
    case 'recommendation.implementation':
      summary = `recorded the implementation of ${recommendationText} as ${words(String(record(changes.implementationStatus).new ?? '?'))}`;
      entityLabel = recommendationText;
      break;
    case 'recommendation.provenance':
      summary =
        detail.format === 'pdf'
          ? `exported the provenance of ${recommendationText} as PDF`
          : `viewed the provenance of ${recommendationText}`;
      entityLabel = recommendationText;
      break;
    case 'vote.cast':
      summary = `voted ${CHOICES[String(detail.choice)] ?? words(String(detail.choice ?? '?'))} on ${recommendationText}${typeof detail.round === 'number' ? ` (round ${detail.round})` : ''}`;
      entityLabel = recommendationText;
      break;
    case 'treatment-event.record':
      summary = `${event.action === 'C' ? 'recorded' : 'updated'} a ${words(String(detail.kind ?? 'treatment'))} treatment event (${words(String(detail.status ?? '?'))}) for ${caseText}`;
      entityLabel = caseText;
      break;
    case 'auth.login':
      summary = event.outcome === 'SUCCESS' ? 'signed in' : 'failed to sign in';
      entityLabel = 'session';
      break;
    case 'auth.logout':
      summary = 'signed out';
      entityLabel = 'session';
      break;
    case 'audit.query':
      summary = `searched the audit trail${count === null ? '' : ` (${count} events)`}`;
      entityLabel = 'audit trail';
      break;
    case 'audit.export':
      summary = `exported audit events${text(detail.format) ? ` as ${String(detail.format).toUpperCase()}` : ''}${count === null ? '' : ` (${count} events)`}`;
      entityLabel = 'audit trail';
      break;
    case 'audit.verify':
      summary = `verified the audit trail: ${detail.ok === true ? 'intact' : `finding ${text(detail.finding) ?? '?'}`}`;
      entityLabel = 'audit trail';
      break;
    case 'audit.proof':
      summary = 'fetched an inclusion proof';
      entityLabel = 'audit event';
      break;
    case 'audit.reads':
      summary = `listed who saw ${patient ? patient.name : caseRow ? caseText : 'a patient'}${count === null ? '' : ` (${count} reads)`}`;
      entityLabel = 'audit trail';
      break;
    default:
      summary = words(event.type);
      entityLabel =
        event.entityType === 'user' && entityId
          ? `user ${userOf(entityId)}`
          : caseRow
            ? caseText
            : meeting
              ? meetingText
              : words(event.entityType);
  }
  if (event.outcome !== 'SUCCESS' && event.type !== 'auth.login')
    summary = `${summary} (${words(event.outcome)}${event.outcomeDesc ? `: ${event.outcomeDesc}` : ''})`;
  return {
    actorName: actor?.name ?? (event.actorUserId ? null : 'system'),
    actorEmail: actor?.email ?? null,
    summary,
    entityLabel,
    caseId,
    caseReference: caseRow?.reference ?? null,
    patientName: patient?.name ?? null,
    recommendationId,
    meetingId,
    route: text(detail.route),
    screen,
  };
}
