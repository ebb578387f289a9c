import type { Prisma } from '@prisma/client';
import { Coalescer } from '@consilium/db';
import type { AuditEventInput, AuditSource } from './audit-event';

type AuditInsertClient = Pick<Prisma.TransactionClient, 'auditEvent' | '$executeRawUnsafe'>;

/**
 * Writes one audit event with the given client. Call it with the transaction client of the
 * change being audited, so the change and its event commit or roll back together. A plain
 * INSERT (sequence default): no lock beyond the row, audited requests never serialize.
 */
export async function writeAuditEvent(
  client: AuditInsertClient,
  source: AuditSource,
  event: AuditEventInput,
): Promise<void> {
  // One parameterised INSERT: Prisma's raw path skips the query compiler that createMany runs,
  // which is most of an audited change's overhead (bench/audit.bench.ts).
  await client.$executeRawUnsafe(INSERT_ONE_SQL, ...insertValues(toAuditRow(source, event)));
}

/** Writes several events in one INSERT. */
export async function writeAuditEvents(
  client: AuditInsertClient,
  source: AuditSource,
  events: readonly AuditEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  await client.auditEvent.createMany({ data: events.map((event) => toAuditRow(source, event)) });
}

/** Anything that runs parameterised SQL (a pg Pool or client). */
export interface SqlQueryable {
  query(text: string, values: unknown[]): Promise<unknown>;
}

const SQL_COLUMNS = [
  'action',
  'type',
  'outcome',
  'outcome_desc',
  'actor_user_id',
  'actor_roles',
  'on_behalf_of_id',
  'source_service',
  'source_instance',
  'network_address',
  'user_agent',
  'purpose_of_use',
  'entity_type',
  'entity_id',
  'patient_id',
  'board_id',
  'request_id',
  'changes',
  'detail',
] as const;

/**
 * The same event as writeAuditEvent, written with plain SQL (one INSERT, no ORM work): for the
 * hot path of PHI reads, where the API records one event per request.
 */
export async function writeAuditEventSql(
  client: SqlQueryable,
  source: AuditSource,
  event: AuditEventInput,
): Promise<void> {
  await client.query(INSERT_ONE_SQL, insertValues(toAuditRow(source, event)));
}

const COLUMN_CASTS = SQL_COLUMNS.map((column) =>
  column === 'action'
    ? '::"AuditAction"'
    : column === 'outcome'
      ? '::"AuditOutcome"'
      : column.endsWith('_user_id') || column === 'on_behalf_of_id' || column === 'patient_id' || column === 'board_id'
        ? '::uuid'
        : column === 'changes' || column === 'detail'
          ? '::jsonb'
          : '',
);

/** INSERT of `rows` events in one statement (parameters row by row, in SQL_COLUMNS order). */
function multiRowInsertSql(rows: number): string {
  const tuples: string[] = [];
  for (let row = 0; row < rows; row += 1)
    tuples.push(
      `(${COLUMN_CASTS.map((cast, column) => `$${row * SQL_COLUMNS.length + column + 1}${cast}`).join(', ')})`,
    );
  return `INSERT INTO audit_events (${SQL_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** A column of audit_events as written by this module. */
export type AuditColumn = (typeof SQL_COLUMNS)[number];

/**
 * The audit row of `event` as an `INSERT INTO audit_events (...) SELECT ...` to embed in a
 * data-modifying statement (a CTE), so a change and its audit row are one statement and one
 * commit. Its parameters are numbered from `firstParam`; `computed` replaces a column's parameter
 * with an SQL expression over the statement's other relations (an id the statement generates).
 * The caller appends the FROM clause.
 */
export function auditInsertSelect(
  source: AuditSource,
  event: AuditEventInput,
  firstParam: number,
  computed: Partial<Record<AuditColumn, string>> = {},
): { sql: string; values: unknown[] } {
  const all = insertValues(toAuditRow(source, event));
  const values: unknown[] = [];
  const list = SQL_COLUMNS.map((column, index) => {
    const expression = computed[column];
    if (expression !== undefined) return expression;
    values.push(all[index]);
    return `$${firstParam + values.length - 1}${COLUMN_CASTS[index] ?? ''}`;
  });
  return { sql: `INSERT INTO audit_events (${SQL_COLUMNS.join(', ')}) SELECT ${list.join(', ')}`, values };
}

/**
 * Group commit for events that have no change of their own to commit with (PHI reads): each
 * `write` resolves once its event is committed, as a lone INSERT would, but under load the events
 * that arrive while `concurrency` INSERTs are in flight go together in the next one (Coalescer).
 * The order of events is their arrival order; sealing orders them by commit anyway.
 */
export class CoalescingAuditWriter {
  private readonly inserts: Coalescer<unknown[], void>;

  constructor(
    client: SqlQueryable,
    private readonly source: AuditSource,
    concurrency = 2,
    maxBatch = 200,
  ) {
    this.inserts = new Coalescer<unknown[], void>(
      async (rows) => {
        await client.query(multiRowInsertSql(rows.length), rows.flat());
        return rows.map(() => undefined);
      },
      { concurrency, maxBatch },
    );
  }

  write(event: AuditEventInput): Promise<void> {
    return this.inserts.submit(insertValues(toAuditRow(this.source, event)));
  }

  /** Events waiting for an INSERT slot (not yet sent). */
  get waiting(): number {
    return this.inserts.waiting;
  }
}

const INSERT_ONE_SQL = multiRowInsertSql(1);

function insertValues(row: Prisma.AuditEventCreateManyInput): unknown[] {
  return [
    row.action,
    row.type,
    row.outcome,
    row.outcomeDesc,
    row.actorUserId,
    row.actorRoles,
    row.onBehalfOfId,
    row.sourceService,
    row.sourceInstance,
    row.networkAddress,
    row.userAgent,
    row.purposeOfUse,
    row.entityType,
    row.entityId,
    row.patientId,
    row.boardId,
    row.requestId,
    row.changes === undefined ? null : JSON.stringify(row.changes),
    row.detail === undefined ? null : JSON.stringify(row.detail),
  ];
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
