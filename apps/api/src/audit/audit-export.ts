import type { AuditEventView } from './dto/audit-query.dto';

const CSV_COLUMNS: (keyof AuditEventView)[] = [
  'id', 'seq', 'recordedAt', 'action', 'type', 'outcome', 'outcomeDesc', 'actorUserId', 'actorRoles', 'onBehalfOfId', 'sourceService',
  'sourceInstance', 'networkAddress', 'userAgent', 'purposeOfUse', 'entityType', 'entityId', 'patientId', 'boardId', 'requestId',
  'changes', 'detail', 'leafIndex', 'batchId',
];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Cells starting with = + - @ (or tab / carriage return) get a leading apostrophe so that a
 * spreadsheet never evaluates them as a formula (OWASP CSV injection).
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join('|') : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(events: readonly AuditEventView[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const event of events) lines.push(CSV_COLUMNS.map((column) => csvCell(event[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const OUTCOME_CODES: Record<string, string> = { SUCCESS: '0', MINOR_FAILURE: '4', SERIOUS_FAILURE: '8', MAJOR_FAILURE: '12' };

/** FHIR R4 AuditEvent (IHE BALP shape) of one event. */
export function toFhirAuditEvent(event: AuditEventView): Record<string, unknown> {
  const entities: Record<string, unknown>[] = [
    { what: { identifier: { system: 'urn:consilium:entity-type', value: `${event.entityType}${event.entityId ? `/${event.entityId}` : ''}` } }, type: { system: 'urn:consilium:entity-type', code: event.entityType } },
  ];
  if (event.patientId) {
    entities.push({ what: { reference: `Patient/${event.patientId}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' } });
  }
  if (event.changes !== null || event.detail !== null) {
    entities[0].detail = [
      ...(event.changes !== null ? [{ type: 'changes', valueString: JSON.stringify(event.changes) }] : []),
      ...(event.detail !== null ? [{ type: 'detail', valueString: JSON.stringify(event.detail) }] : []),
    ];
  }
  return {
    resourceType: 'AuditEvent',
    id: event.id,
    type: { system: 'urn:consilium:audit-event-type', code: event.type },
    action: event.action,
    recorded: event.recordedAt,
    outcome: OUTCOME_CODES[event.outcome] ?? '0',
    ...(event.outcomeDesc ? { outcomeDesc: event.outcomeDesc } : {}),
    ...(event.purposeOfUse ? { purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: event.purposeOfUse }] }] } : {}),
    agent: [
      {
        who: event.actorUserId ? { reference: `Practitioner/${event.actorUserId}` } : { display: 'system' },
        requestor: true,
        role: event.actorRoles.map((role) => ({ coding: [{ system: 'urn:consilium:role', code: role }] })),
        ...(event.networkAddress ? { network: { address: event.networkAddress, type: '2' } } : {}),
      },
    ],
    source: { observer: { display: `${event.sourceService}/${event.sourceInstance}` }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    entity: entities,
    extension: [
      ...(event.requestId ? [{ url: 'urn:consilium:request-id', valueString: event.requestId }] : []),
      ...(event.leafIndex ? [{ url: 'urn:consilium:audit-leaf-index', valueString: event.leafIndex }] : []),
    ],
  };
}

/** A FHIR searchset Bundle holding one page of the events that matched the auditor's query (`next`: the next page's URL). */
export function toFhirBundle(events: readonly AuditEventView[], now: Date, next: string | null = null): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: now.toISOString(),
    total: events.length,
    ...(next === null ? {} : { link: [{ relation: 'next', url: next }] }),
    entry: events.map((event) => ({ fullUrl: `urn:uuid:${event.id}`, resource: toFhirAuditEvent(event), search: { mode: 'match' } })),
  };
}
