import type { RequestOptions } from '../../api';

/** Event families and the types an auditor asks about most; the API takes either. */
export const EVENT_TYPES = [
  ['', 'Any event'],
  ['case', 'Cases (any)'],
  ['case.read', 'Case viewed'],
  ['case.list', 'Case list viewed'],
  ['patient', 'Patient records'],
  ['meeting.agenda.read', 'Agenda or meeting mode viewed'],
  ['meeting', 'Meetings (any)'],
  ['recommendation', 'Recommendations (any)'],
  ['recommendation.propose', 'Proposal edited'],
  ['recommendation.override', 'Finding overridden'],
  ['recommendation.sign-off', 'Signed off'],
  ['recommendation.provenance', 'Provenance exported'],
  ['vote', 'Votes'],
  ['treatment-event', 'Treatment events'],
  ['auth', 'Sign-ins and sessions'],
  ['audit', 'Audit trail use'],
] as const;

export const ACTIONS = [
  ['', 'Any'],
  ['C', 'Create'],
  ['R', 'Read'],
  ['U', 'Update'],
  ['D', 'Delete'],
  ['E', 'Execute'],
] as const;

export interface Filters {
  action: string;
  patient: string;
  caseReference: string;
  user: string;
  type: string;
  from: string;
  to: string;
}

export const EMPTY: Filters = { action: '', patient: '', caseReference: '', user: '', type: '', from: '', to: '' };

export type AuditQuery = NonNullable<RequestOptions<'GET', '/audit/events'>['query']>;

export function query(filters: Filters, cursor: string | null, limit: number | null = 50): AuditQuery {
  const text = (value: string): string | undefined => value.trim() || undefined;
  return {
    patient: text(filters.patient),
    caseReference: text(filters.caseReference),
    user: text(filters.user),
    type: text(filters.type),
    // The select offers the API's actions only.
    action: text(filters.action) as AuditQuery['action'],
    // datetime-local is local time without a zone: send the instant.
    from: filters.from ? new Date(filters.from).toISOString() : undefined,
    to: filters.to ? new Date(filters.to).toISOString() : undefined,
    limit: limit ?? undefined,
    cursor: cursor ?? undefined,
  };
}
