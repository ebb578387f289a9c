import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import type { Client } from 'pg';
import { AuditSealer, CheckpointSigner, ExternalCheckpointLog, pgRunner } from '@consilium/audit';

/**
 * Inserts `count` varied audit events with one INSERT ... SELECT generate_series: every column
 * filled (no nulls), so a one-byte change in any of them can be tested.
 */
export async function insertEvents(client: Client, count: number, offset = 0): Promise<void> {
  await client.query(
    `INSERT INTO audit_events (action, type, outcome, outcome_desc, actor_user_id, actor_roles, on_behalf_of_id, source_service, source_instance,
       network_address, user_agent, purpose_of_use, entity_type, entity_id, patient_id, board_id, request_id, changes, detail, recorded_at)
     SELECT (ARRAY['C','R','U','D','E'])[1 + g % 5]::"AuditAction", 'case.update', 'SUCCESS'::"AuditOutcome", 'ok ' || g, gen_random_uuid(),
       ARRAY['CLINICIAN','CHAIR'], gen_random_uuid(), 'consilium-api', 'api-1', '10.0.' || (g % 250) || '.1', 'agent/' || g, 'TREAT', 'case',
       'case-' || g, gen_random_uuid(), gen_random_uuid(), 'req-' || g,
       jsonb_build_object('status', jsonb_build_object('old', 'DRAFT', 'new', 'READY'), 'n', g, 'weightKg', g / 7.0),
       jsonb_build_object('note', 'note ' || g, 'caseId', 'case-' || g), now() - ((100000 - g) || ' ms')::interval
     FROM generate_series($1::int, $2::int) AS g`,
    [offset + 1, offset + count],
  );
}

export interface SealingRig {
  readonly signer: CheckpointSigner;
  readonly external: ExternalCheckpointLog;
  readonly sealer: AuditSealer;
}

/** A sealer with a fresh Ed25519 key and an external checkpoint log in a temporary directory. */
export function sealingRig(client: Client, batchSize: number): SealingRig {
  const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
  const external = new ExternalCheckpointLog(join(mkdtempSync(join(tmpdir(), 'audit-checkpoints-')), 'log'));
  return { signer, external, sealer: new AuditSealer(pgRunner(client), signer, external, batchSize) };
}
