import { hash } from 'node:crypto';
import { canonicalJson, canonicalString } from './canonical-json';

/** A JSON value as stored in the `changes` and `detail` columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The fields of one audit event that its Merkle leaf commits to: every column of `audit_events`
 * except the sealer's bookkeeping (`batch_id`, `leaf_hash`), plus the leaf index the sealer
 * assigned, so that moving an event to another position changes its leaf. Every value is in its
 * canonical text form: bigints as decimal strings, timestamps as ISO 8601 UTC with
 * milliseconds, uuids lower-case, enums by name, JSON columns as parsed JSON, absent as null.
 */
export interface AuditLeafFields {
  readonly seq: string;
  readonly id: string;
  readonly recordedAt: string;
  readonly action: string;
  readonly type: string;
  readonly outcome: string;
  readonly outcomeDesc: string | null;
  readonly actorUserId: string | null;
  readonly actorRoles: readonly string[];
  readonly onBehalfOfId: string | null;
  readonly sourceService: string;
  readonly sourceInstance: string;
  readonly networkAddress: string | null;
  readonly userAgent: string | null;
  readonly purposeOfUse: string | null;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly patientId: string | null;
  readonly boardId: string | null;
  readonly requestId: string | null;
  readonly changes: JsonValue | null;
  readonly detail: JsonValue | null;
  readonly leafIndex: string;
}

type LeafKey = keyof AuditLeafFields;
const STRING_KEYS: readonly LeafKey[] = [
  'seq',
  'id',
  'recordedAt',
  'action',
  'type',
  'outcome',
  'outcomeDesc',
  'actorUserId',
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
  'leafIndex',
];
/** Every key of the canonical object, in RFC 8785 order (UTF-16 code units; all keys are ASCII). */
export const AUDIT_LEAF_KEYS: readonly LeafKey[] = (
  [...STRING_KEYS, 'actorRoles', 'changes', 'detail'] as LeafKey[]
).sort();
const IS_STRING_KEY = new Set<LeafKey>(STRING_KEYS);

/** Each key in order, with `{"key":` or `,"key":` to write before its value and whether the value is a plain string. */
const KEY_WRITERS = AUDIT_LEAF_KEYS.map((key, index) => ({
  key,
  prefix: `${index === 0 ? '{' : ','}"${key}":`,
  stringValued: IS_STRING_KEY.has(key),
}));

/**
 * RFC 8785 canonical JSON of an event's leaf fields. Equal to `canonicalJson(fields)` (a unit
 * test holds the two together); the top-level keys are fixed, so they are written in their
 * sorted order directly, which keeps sealing and verifying a million events cheap.
 */
export function canonicalAuditEvent(fields: AuditLeafFields): string {
  let out = '';
  for (const { key, prefix, stringValued } of KEY_WRITERS) {
    const value = fields[key];
    out += prefix;
    out +=
      value === null || value === undefined
        ? 'null'
        : stringValued
          ? canonicalString(value as string)
          : canonicalJson(value);
  }
  return `${out}}`;
}

/** RFC 6962 leaf hash of an event: SHA-256(0x00 || canonical JSON in UTF-8). */
export function auditLeafHash(fields: AuditLeafFields): Buffer {
  return leafHashOfCanonical(canonicalAuditEvent(fields));
}

/**
 * RFC 6962 leaf hash of an event's canonical JSON: one-shot `crypto.hash` over the string (no
 * intermediate Buffer, no Hash object).
 */
export function leafHashOfCanonical(canonicalJson: string): Buffer {
  return hash('sha256', `\u0000${canonicalJson}`, 'buffer');
}
