import type { AuditLeafFields, JsonValue } from '../core/audit-leaf';
import type { SealedEvent } from '../core/log-verifier';

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

export function sealedEventOf(row: AuditEventRow): SealedEvent {
  return { fields: leafFieldsOf(row), batchId: row.batch_id, leafHash: row.leaf_hash === null ? null : Buffer.from(row.leaf_hash, 'hex') };
}
