import type { Prisma } from '@prisma/client';
import type { AuditEventInput, AuditSource } from './audit-event';

type AuditInsertClient = Pick<Prisma.TransactionClient, 'auditEvent'>;

/**
 * Writes one audit event with the given client. Call it with the transaction client of the
 * change being audited, so the change and its event commit or roll back together. A plain
 * INSERT (sequence default): no lock beyond the row, audited requests never serialize.
 */
export async function writeAuditEvent(client: AuditInsertClient, source: AuditSource, event: AuditEventInput): Promise<void> {
  // createMany: a plain INSERT without RETURNING.
  await client.auditEvent.createMany({ data: [toAuditRow(source, event)] });
}

/** Writes several events in one INSERT. */
export async function writeAuditEvents(client: AuditInsertClient, source: AuditSource, events: readonly AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await client.auditEvent.createMany({ data: events.map((event) => toAuditRow(source, event)) });
}

function toAuditRow(source: AuditSource, event: AuditEventInput): Prisma.AuditEventCreateManyInput {
  return {
    action: event.action,
    type: event.type,
    outcome: event.outcome ?? 'SUCCESS',
    outcomeDesc: event.outcomeDesc ?? null,
    actorUserId: event.actor.userId,
    actorRoles: [...(event.actor.roles ?? [])],
    onBehalfOfId: event.actor.onBehalfOfId ?? null,
    sourceService: source.service,
    sourceInstance: source.instance,
    networkAddress: event.actor.networkAddress ?? null,
    userAgent: event.actor.userAgent ?? null,
    purposeOfUse: event.actor.purposeOfUse ?? null,
    entityType: event.entity.type,
    entityId: event.entity.id ?? null,
    patientId: event.patientId ?? null,
    boardId: event.boardId ?? null,
    requestId: event.actor.requestId ?? null,
    changes: (event.changes ?? undefined) as Prisma.InputJsonValue | undefined,
    detail: (event.detail ?? undefined) as Prisma.InputJsonValue | undefined,
  };
}
