import type { AuditEventView } from './dto/audit-query.dto';

const CSV_COLUMNS: (keyof AuditEventView)[] = [
  'id',
  'seq',
  'recordedAt',
  'action',
  'type',
  'outcome',
  'outcomeDesc',
  'actorUserId',
  'actorRoles',
  'onBehalfOfId',
  'sourceService',
  'sourceInstance',
  'networkAddress',
  'userAgent',
  'purposeOfUse',
  'entityType',
  'entityId',
  'patientId',
  'boardId',
  'requestId',
  'changes',
  'detail',
  'leafIndex',
  'batchId',
];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Cells starting with = + - @ (or tab / carriage return) get a leading apostrophe so that a
 * spreadsheet never evaluates them as a formula (OWASP CSV injection).
 */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : Array.isArray(value) && value.every((v) => typeof v === 'string')
          ? value.join('|')
          : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(events: readonly AuditEventView[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const event of events) lines.push(CSV_COLUMNS.map((column) => csvCell(event[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const OUTCOME_CODES: Record<string, string> = {
  SUCCESS: '0',
  MINOR_FAILURE: '4',
  SERIOUS_FAILURE: '8',
  MAJOR_FAILURE: '12',
};

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const BALP = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const REST_INTERACTION: Record<string, { code: string; profile: string } | undefined> = {
  C: { code: 'create', profile: 'Create' },
  R: { code: 'read', profile: 'Read' },
  U: { code: 'update', profile: 'Update' },
  D: { code: 'delete', profile: 'Delete' },
};
/** Events that put data out of the system (a file, a document), audited as DICOM 110106 Export. */
const EXPORT_TYPES = new Set([
  'audit.export',
  'recommendation.export-fhir',
  'recommendation.letter',
  'meeting.minutes',
]);
/** Events that search many records, audited as DICOM 110112 Query. */
const QUERY_TYPES = new Set(['audit.query', 'case.list', 'careplan.search']);

interface Classified {
  type: { system: string; code: string; display: string };
  subtype: { system: string; code: string; display?: string }[];
  profile: string | null;
}

/**
 * The standard codes of an event: DICOM 110114 User Authentication (subtype 110122 Login /
 * 110123 Logout) for sign-in and sign-out, 110106 Export, 110112 Query, and otherwise the FHIR
 * `rest` type with its RESTful interaction (create/read/update/delete), which IHE BALP profiles
 * (Basic Audit Create/Read/Update/Delete, their Patient variants when a patient is the subject).
 * Our own event type stays as the last subtype. Sources: DICOM PS3.16 CID 400-403; IHE ITI BALP.
 */
export function classifyAuditEvent(event: Pick<AuditEventView, 'type' | 'action' | 'patientId'>): Classified {
  const own = { system: 'urn:consilium:audit-event-type', code: event.type };
  if (event.type === 'auth.login' || event.type === 'auth.logout') {
    const login = event.type === 'auth.login';
    return {
      type: { system: DCM, code: '110114', display: 'User Authentication' },
      subtype: [{ system: DCM, code: login ? '110122' : '110123', display: login ? 'Login' : 'Logout' }, own],
      profile: null,
    };
  }
  if (EXPORT_TYPES.has(event.type))
    return { type: { system: DCM, code: '110106', display: 'Export' }, subtype: [own], profile: null };
  if (QUERY_TYPES.has(event.type))
    return { type: { system: DCM, code: '110112', display: 'Query' }, subtype: [own], profile: null };
  const interaction = REST_INTERACTION[event.action];
  return {
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'Restful Operation',
    },
    subtype: [
      ...(interaction ? [{ system: 'http://hl7.org/fhir/restful-interaction', code: interaction.code }] : []),
      own,
    ],
    profile: interaction ? `${BALP}/IHE.BasicAudit.${event.patientId ? 'Patient' : ''}${interaction.profile}` : null,
  };
}

/** A FHIR id for the source that observed the event (`consilium-api/host-1` -> `consilium-api.host-1`). */
const deviceId = (event: Pick<AuditEventView, 'sourceService' | 'sourceInstance'>): string =>
  `${event.sourceService}.${event.sourceInstance}`.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);

/** FHIR R4 AuditEvent (IHE BALP shape) of one event. */
export function toFhirAuditEvent(event: AuditEventView): Record<string, unknown> {
  const classified = classifyAuditEvent(event);
  const subject: Record<string, unknown> = {
    what: {
      identifier: {
        system: 'urn:consilium:entity-type',
        value: `${event.entityType}${event.entityId ? `/${event.entityId}` : ''}`,
      },
    },
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
    role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4', display: 'Domain Resource' },
  };
  const entities: Record<string, unknown>[] = [subject];
  if (event.patientId) {
    entities.push({
      what: { reference: `Patient/${event.patientId}` },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  }
  if (event.changes !== null || event.detail !== null) {
    subject.detail = [
      ...(event.changes !== null ? [{ type: 'changes', valueString: JSON.stringify(event.changes) }] : []),
      ...(event.detail !== null ? [{ type: 'detail', valueString: JSON.stringify(event.detail) }] : []),
    ];
  }
  const extension = [
    ...(event.requestId ? [{ url: 'urn:consilium:request-id', valueString: event.requestId }] : []),
    ...(event.leafIndex ? [{ url: 'urn:consilium:audit-leaf-index', valueString: event.leafIndex }] : []),
  ];
  // An empty role list is left out: FHIR has no empty arrays.
  const roles = event.actorRoles.map((role) => ({ coding: [{ system: 'urn:consilium:role', code: role }] }));
  const observer = {
    reference: `Device/${deviceId(event)}`,
    display: `${event.sourceService}/${event.sourceInstance}`,
  };
  const user = event.actorUserId
    ? {
        type: {
          coding: [
            event.action === 'R'
              ? { system: PARTICIPATION, code: 'IRCP', display: 'information recipient' }
              : { system: PARTICIPATION, code: 'AUT', display: 'author (originator)' },
          ],
        },
        who: { reference: `Practitioner/${event.actorUserId}` },
      }
    : { type: { coding: [{ system: DCM, code: '110150', display: 'Application' }] }, who: { display: 'system' } };
  return {
    resourceType: 'AuditEvent',
    id: event.id,
    ...(classified.profile ? { meta: { profile: [classified.profile] } } : {}),
    type: classified.type,
    subtype: classified.subtype,
    action: event.action,
    recorded: event.recordedAt,
    outcome: OUTCOME_CODES[event.outcome] ?? '0',
    ...(event.outcomeDesc ? { outcomeDesc: event.outcomeDesc } : {}),
    ...(event.purposeOfUse
      ? {
          purposeOfEvent: [
            { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: event.purposeOfUse }] },
          ],
        }
      : {}),
    agent: [
      {
        ...user,
        requestor: true,
        ...(roles.length > 0 ? { role: roles } : {}),
      },
      // DICOM and IHE name the client the Source Role ID and the server the Destination Role ID.
      ...(event.networkAddress
        ? [
            {
              type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
              who: { display: 'client' },
              requestor: false,
              network: { address: event.networkAddress, type: '2' },
            },
          ]
        : []),
      {
        type: { coding: [{ system: DCM, code: '110152', display: 'Destination Role ID' }] },
        who: observer,
        requestor: false,
      },
    ],
    source: {
      observer,
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity: entities,
    ...(extension.length > 0 ? { extension } : {}),
  };
}

/** A FHIR searchset Bundle holding one page of the events that matched the auditor's query (`next`: the next page's URL). */
export function toFhirBundle(
  events: readonly AuditEventView[],
  now: Date,
  next: string | null = null,
): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: now.toISOString(),
    total: events.length,
    ...(next === null ? {} : { link: [{ relation: 'next', url: next }] }),
    entry: events.map((event) => ({
      fullUrl: `urn:uuid:${event.id}`,
      resource: toFhirAuditEvent(event),
      search: { mode: 'match' },
    })),
  };
}
