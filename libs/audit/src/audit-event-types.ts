/**
 * Every audit event type the API and the worker record. The values are persisted in
 * `audit_events.type` and hashed into the trail: never rename one, only add.
 */
export const AUDIT_EVENT_TYPES = [
  'audit.export', 'audit.proof', 'audit.query', 'audit.reads', 'audit.verify',
  'auth.login', 'auth.logout', 'auth.password-change', 'auth.refresh', 'auth.refresh-reuse',
  'board.create', 'board.member-add', 'board.member-remove',
  'careplan.search',
  'case.create', 'case.list', 'case.read', 'case.status', 'case.update',
  'meeting.agenda.add', 'meeting.agenda.notes', 'meeting.agenda.outcome', 'meeting.agenda.read', 'meeting.agenda.remove', 'meeting.agenda.reorder', 'meeting.agenda.update', 'meeting.attendance.check-in', 'meeting.attendance.check-out', 'meeting.create', 'meeting.delegate', 'meeting.minutes', 'meeting.presenting', 'meeting.status', 'meeting.update', 'meeting.voting-window',
  'patient.create', 'patient.read', 'patient.update',
  'recommendation.draft', 'recommendation.export-fhir', 'recommendation.implementation', 'recommendation.letter', 'recommendation.override', 'recommendation.propose', 'recommendation.provenance', 'recommendation.sign-off',
  'reminder.delivered', 'reminder.delivery', 'reminder.escalation',
  'treatment-event.record',
  'user.calendar-feed.issue', 'user.calendar-feed.rotate', 'user.create', 'user.deactivate', 'user.provision', 'user.revoke-sessions', 'user.update',
  'vote.cast', 'vote.change',
] as const;

/** An audit event type: `AuditEventInput.type` takes nothing else. */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
