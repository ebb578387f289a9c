import { leafHashOfCanonical, type AuditLeafFields, type JsonValue } from '../core/audit-leaf';
import { canonicalJson, canonicalString } from '../core/canonical-json';

/**
 * The columns of one event (`audit_events e`) and of its seal (`audit_leaves l`, NULL while
 * unsealed) in their canonical text form (see AuditLeafFields). Select them FROM LEAF_FROM (or a
 * join that names the two tables e and l).
 */
export const LEAF_COLUMNS = `e.seq::text AS seq, e.id::text AS id,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  e.action::text AS action, e.type, e.outcome::text AS outcome, e.outcome_desc, e.actor_user_id::text AS actor_user_id,
  array_to_json(e.actor_roles)::text AS actor_roles, e.on_behalf_of_id::text AS on_behalf_of_id, e.source_service,
  e.source_instance, e.network_address, e.user_agent, e.purpose_of_use, e.entity_type, e.entity_id, e.patient_id::text AS patient_id,
  e.board_id::text AS board_id, e.request_id, e.changes::text AS changes, e.detail::text AS detail,
  l.batch_id::text AS batch_id, l.leaf_index::text AS leaf_index, encode(l.leaf_hash, 'hex') AS leaf_hash`;

/** Every event with its seal, if any. */
export const LEAF_FROM = 'audit_events e LEFT JOIN audit_leaves l ON l.seq = e.seq';

export interface AuditEventRow {
  seq: string;
  id: string;
  recorded_at: string;
  action: string;
  type: string;
  outcome: string;
  outcome_desc: string | null;
  actor_user_id: string | null;
  actor_roles: string;
  on_behalf_of_id: string | null;
  source_service: string;
  source_instance: string;
  network_address: string | null;
  user_agent: string | null;
  purpose_of_use: string | null;
  entity_type: string;
  entity_id: string | null;
  patient_id: string | null;
  board_id: string | null;
  request_id: string | null;
  changes: string | null;
  detail: string | null;
  batch_id: string | null;
  leaf_index: string | null;
  leaf_hash: string | null;
}

const parseJson = (text: string | null): JsonValue | null => (text === null ? null : (JSON.parse(text) as JsonValue));

/** Leaf fields of a row; `leafIndex` overrides the stored one (the sealer assigns it). */
export function leafFieldsOf(row: AuditEventRow, leafIndex = row.leaf_index ?? ''): AuditLeafFields {
  return {
    seq: row.seq,
    id: row.id,
    recordedAt: row.recorded_at,
    action: row.action,
    type: row.type,
    outcome: row.outcome,
    outcomeDesc: row.outcome_desc,
    actorUserId: row.actor_user_id,
    actorRoles: JSON.parse(row.actor_roles) as string[],
    onBehalfOfId: row.on_behalf_of_id,
    sourceService: row.source_service,
    sourceInstance: row.source_instance,
    networkAddress: row.network_address,
    userAgent: row.user_agent,
    purposeOfUse: row.purpose_of_use,
    entityType: row.entity_type,
    entityId: row.entity_id,
    patientId: row.patient_id,
    boardId: row.board_id,
    requestId: row.request_id,
    changes: parseJson(row.changes),
    detail: parseJson(row.detail),
    leafIndex,
  };
}

/** A tuple of `Count` text columns (recursion stays far below the compiler's depth limit). */
type TextColumns<Count extends number, Row extends readonly (string | null)[] = []> = Row['length'] extends Count
  ? Row
  : TextColumns<Count, readonly [...Row, string | null]>;

/** How many columns LEAF_COLUMNS selects. */
export const LEAF_COLUMN_COUNT = 25;

/** A row of LEAF_COLUMNS read with `SqlRunner.queryTextRows`: each column's text, in select order. */
export type LeafTextRow = TextColumns<typeof LEAF_COLUMN_COUNT>;

/**
 * The rows of a LEAF_COLUMNS query as LeafTextRows: checks each row's width, so a column added to
 * LEAF_COLUMNS without its place in LEAF_COLUMN fails loudly instead of hashing shifted fields.
 */
export function leafTextRows(rows: readonly (readonly (string | null)[])[]): LeafTextRow[] {
  const checked: LeafTextRow[] = [];
  for (const row of rows) {
    if (!isLeafTextRow(row))
      throw new Error(`an audit leaf row has ${row.length} columns, LEAF_COLUMNS has ${LEAF_COLUMN_COUNT}`);
    checked.push(row);
  }
  return checked;
}

const isLeafTextRow = (row: readonly (string | null)[]): row is LeafTextRow => row.length === LEAF_COLUMN_COUNT;

/** Position of each column of LEAF_COLUMNS in a LeafTextRow. */
export const LEAF_COLUMN = {
  seq: 0,
  id: 1,
  recordedAt: 2,
  action: 3,
  type: 4,
  outcome: 5,
  outcomeDesc: 6,
  actorUserId: 7,
  actorRoles: 8,
  onBehalfOfId: 9,
  sourceService: 10,
  sourceInstance: 11,
  networkAddress: 12,
  userAgent: 13,
  purposeOfUse: 14,
  entityType: 15,
  entityId: 16,
  patientId: 17,
  boardId: 18,
  requestId: 19,
  changes: 20,
  detail: 21,
  batchId: 22,
  leafIndex: 23,
  leafHash: 24,
} as const;
const C = LEAF_COLUMN;

/** Free text (and enum labels): escaped as RFC 8785 asks. */
const str = (value: string | null): string => (value === null ? 'null' : canonicalString(value));
/**
 * uuid::text, bigint::text and the to_char timestamp of LEAF_COLUMNS: their output functions
 * only ever write [0-9a-zA-Z:.-], which JSON never escapes, so quoting them is their RFC 8785 form.
 */
const plain = (value: string | null): string => (value === null ? 'null' : `"${value}"`);
const json = (value: string | null): string => (value === null ? 'null' : canonicalJson(JSON.parse(value)));
/**
 * array_to_json of a text[]: already canonical when no element needs an escape (no quote,
 * backslash or control character; PostgreSQL writes no whitespace), else parsed and re-serialized.
 */
const PLAIN_STRING_ARRAY = /^\[(?:"[^"\\\u0000-\u001f]*"(?:,"[^"\\\u0000-\u001f]*")*)?\]$/;
const stringArray = (value: string | null): string =>
  value !== null && PLAIN_STRING_ARRAY.test(value) ? value : json(value);

/**
 * `canonicalAuditEvent(leafFieldsOf(row))` straight from a text row, without the intermediate
 * fields object (the keys are written in their RFC 8785 order, see AUDIT_LEAF_KEYS). The sealer
 * and the verifier run it once per event; a unit test holds it equal to the generic form.
 */
export function canonicalLeafOfTextRow(row: LeafTextRow, leafIndex: string): string {
  return (
    `{"action":${str(row[C.action])},"actorRoles":${stringArray(row[C.actorRoles])},"actorUserId":${plain(row[C.actorUserId])},"boardId":${plain(row[C.boardId])},` +
    `"changes":${json(row[C.changes])},"detail":${json(row[C.detail])},"entityId":${str(row[C.entityId])},"entityType":${str(row[C.entityType])},` +
    `"id":${plain(row[C.id])},"leafIndex":${plain(leafIndex)},"networkAddress":${str(row[C.networkAddress])},"onBehalfOfId":${plain(row[C.onBehalfOfId])},` +
    `"outcome":${str(row[C.outcome])},"outcomeDesc":${str(row[C.outcomeDesc])},"patientId":${plain(row[C.patientId])},"purposeOfUse":${str(row[C.purposeOfUse])},` +
    `"recordedAt":${plain(row[C.recordedAt])},"requestId":${str(row[C.requestId])},"seq":${plain(row[C.seq])},"sourceInstance":${str(row[C.sourceInstance])},` +
    `"sourceService":${str(row[C.sourceService])},"type":${str(row[C.type])},"userAgent":${str(row[C.userAgent])}}`
  );
}

/** RFC 6962 leaf hash (SHA-256 of 0x00 || RFC 8785 UTF-8) of a text row's event at `leafIndex`. */
export function leafHashOfTextRow(row: LeafTextRow, leafIndex: string): Buffer {
  return leafHashOfCanonical(canonicalLeafOfTextRow(row, leafIndex));
}

/** The named row of a text row (for findings, proofs and tests that want field names). */
export function eventRowOf(row: LeafTextRow): AuditEventRow {
  const text = (index: number): string => row[index] ?? '';
  return {
    seq: text(C.seq),
    id: text(C.id),
    recorded_at: text(C.recordedAt),
    action: text(C.action),
    type: text(C.type),
    outcome: text(C.outcome),
    outcome_desc: row[C.outcomeDesc],
    actor_user_id: row[C.actorUserId],
    actor_roles: text(C.actorRoles),
    on_behalf_of_id: row[C.onBehalfOfId],
    source_service: text(C.sourceService),
    source_instance: text(C.sourceInstance),
    network_address: row[C.networkAddress],
    user_agent: row[C.userAgent],
    purpose_of_use: row[C.purposeOfUse],
    entity_type: text(C.entityType),
    entity_id: row[C.entityId],
    patient_id: row[C.patientId],
    board_id: row[C.boardId],
    request_id: row[C.requestId],
    changes: row[C.changes],
    detail: row[C.detail],
    batch_id: row[C.batchId],
    leaf_index: row[C.leafIndex],
    leaf_hash: row[C.leafHash],
  };
}
