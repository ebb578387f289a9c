import type { JobsOptions } from 'bullmq';
import { queuePrefix } from './redis';

/** Queue names. The values are persisted in Redis: never change them. */
export enum QueueName {
  Reminders = 'reminders',
  // 'mail' (reminder e-mails) is retired: they wait in PostgreSQL (reminder_emails) now.
}

/** Job names. The values are persisted in Redis: never change them. */
export enum JobName {
  DeliverReminder = 'reminder.deliver',
  // 'reminder.email' is retired with the 'mail' queue.
  SweepDueReminders = 'reminder.sweep',
}

/** Outbox topics. The values are persisted in `outbox_events.topic`: never change them. */
export enum OutboxTopic {
  /** API: a recommendation was signed off. Payload: { recommendationId, caseId }. */
  RecommendationSignedOff = 'recommendation.signed-off',
  /** API: a case's treatment events were recorded or changed. Payload: { caseId }. */
  TreatmentEventsChanged = 'treatment-events.changed',
  /** Worker: a reminder was created, rescheduled or cancelled. Payload: ReminderChangedPayload. */
  ReminderChanged = 'reminder.changed',
}

/** Payload of a `reminder.changed` outbox row (ids and times only). */
export interface ReminderChangedPayload {
  readonly reminderId: string;
  readonly version: number;
  /** ISO instant; absent when the reminder was cancelled. */
  readonly dueAt?: string;
  readonly cancelled?: boolean;
}

/** The payload of each outbox topic (ids and times only, never PHI). */
export type OutboxPayloads = {
  [OutboxTopic.RecommendationSignedOff]: { readonly recommendationId: string; readonly caseId: string };
  [OutboxTopic.TreatmentEventsChanged]: { readonly caseId: string };
  [OutboxTopic.ReminderChanged]: ReminderChangedPayload;
};

/** The aggregate (type and id) an outbox row is about, by topic. */
const OUTBOX_AGGREGATE: {
  readonly [T in OutboxTopic]: (payload: OutboxPayloads[T]) => { aggregateType: string; aggregateId: string };
} = {
  [OutboxTopic.RecommendationSignedOff]: (payload) => ({
    aggregateType: 'recommendation',
    aggregateId: payload.recommendationId,
  }),
  [OutboxTopic.TreatmentEventsChanged]: (payload) => ({ aggregateType: 'case', aggregateId: payload.caseId }),
  [OutboxTopic.ReminderChanged]: (payload) => ({ aggregateType: 'reminder', aggregateId: payload.reminderId }),
};

/**
 * The `outbox_events` row of a topic and its payload (the payload's type follows the topic), with
 * the request and actor that caused it: written in the transaction of the change it announces.
 */
export function outboxRow<T extends OutboxTopic>(
  topic: T,
  payload: OutboxPayloads[T],
  cause: { readonly requestId?: string | null; readonly actorId?: string | null } = {},
) {
  return {
    topic,
    ...OUTBOX_AGGREGATE[topic](payload),
    payload: { ...payload },
    requestId: cause.requestId ?? null,
    actorId: cause.actorId ?? null,
  };
}

/** Ids, the request id and the actor id only: never PHI. */
interface JobEnvelope {
  readonly requestId?: string;
  readonly actorId?: string;
}

export interface DeliverReminderPayload extends JobEnvelope {
  readonly reminderId: string;
  readonly reminderVersion: number;
}

/** Payload of each job name (a discriminated union over `name`). */
export type JobPayloads = {
  [JobName.DeliverReminder]: DeliverReminderPayload;
  [JobName.SweepDueReminders]: JobEnvelope;
};

export type AnyJob = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];

/** Which queue each job goes to. */
export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.DeliverReminder]: QueueName.Reminders,
  [JobName.SweepDueReminders]: QueueName.Reminders,
};

/** Deterministic job id of a reminder delivery: reminder id + version (no duplicates). */
export function reminderJobId(reminderId: string, version: number): string {
  return `reminder-${reminderId}-v${version}`;
}

/** The delivery job of a reminder version, due at `dueAtMs` (delayed until then; at once when past). */
export function deliverReminderJob(
  reminderId: string,
  version: number,
  dueAtMs: number,
  now = Date.now(),
): { name: JobName.DeliverReminder; data: DeliverReminderPayload; opts: { jobId: string; delay: number } } {
  return {
    name: JobName.DeliverReminder,
    data: { reminderId, reminderVersion: version },
    opts: { jobId: reminderJobId(reminderId, version), delay: Math.max(0, dueAtMs - now) },
  };
}

/**
 * The Redis key of a job's hash (BullMQ layout `<prefix>:<queue>:<jobId>`, the prefix being
 * `queuePrefix(REDIS_PREFIX)`), for existence checks.
 */
export function jobKey(redisPrefix: string, queue: QueueName, jobId: string): string {
  return `${queuePrefix(redisPrefix)}:${queue}:${jobId}`;
}

/** Defaults: retries with exponential backoff; failed jobs kept visible. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};
