import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Prisma, Reminder } from '@prisma/client';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { lockRow, type Tx } from '@consilium/db';
import { OutboxTopic, type ReminderChangedPayload } from '@consilium/jobs';
import { desiredReminders, meetingDigestKey, type DesiredReminder } from './reminder-plan';

/** What one scheduling pass changed. */
export interface ScheduleOutcome {
  created: number;
  rescheduled: number;
  cancelled: number;
}

const sameInstant = (a: Date | null, b: Date | null): boolean => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Turns a signed-off recommendation's dated milestones into Reminder rows, inside the caller's
 * transaction: new keys are created, changed ones rescheduled (version + 1), vanished ones
 * cancelled, never duplicated (unique dedupe key). Every change writes a `reminder.changed`
 * outbox row in the same transaction; the relay turns it into the delayed job.
 */
@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `recommendation.signed-off`: schedule this one, cancel what older recommendations of the case still had. */
  async onSignedOff(tx: Tx, recommendationId: string): Promise<ScheduleOutcome> {
    const { outcome, caseId } = await this.schedule(tx, recommendationId);
    if (caseId) {
      const stale = await tx.reminder.findMany({
        where: {
          caseId,
          status: 'SCHEDULED',
          recommendationId: { not: recommendationId },
          kind: { not: 'MEETING_DIGEST' },
        },
      });
      for (const reminder of stale) outcome.cancelled += await this.cancel(tx, reminder);
    }
    return outcome;
  }

  /** `treatment-events.changed`: reschedule the case's current signed-off recommendation. */
  async onTreatmentEventsChanged(tx: Tx, caseId: string): Promise<ScheduleOutcome> {
    const rec = await tx.recommendation.findFirst({
      where: { caseId, status: 'SIGNED_OFF' },
      orderBy: { signedOffAt: 'desc' },
      select: { id: true },
    });
    if (!rec) return { created: 0, rescheduled: 0, cancelled: 0 };
    return (await this.schedule(tx, rec.id)).outcome;
  }

  /** Creates, reschedules and cancels the recommendation's reminders; also gives its case (null when it does not exist). */
  private async schedule(
    tx: Tx,
    recommendationId: string,
  ): Promise<{ outcome: ScheduleOutcome; caseId: string | null }> {
    const outcome: ScheduleOutcome = { created: 0, rescheduled: 0, cancelled: 0 };
    // Serializes concurrent passes over one recommendation (two relays, two topics).
    await lockRow(tx, 'recommendations', recommendationId, 'UPDATE');
    const rec = await tx.recommendation.findUnique({ where: { id: recommendationId } });
    if (!rec) return { outcome, caseId: null };
    const existing = await tx.reminder.findMany({ where: { recommendationId } });
    const desired =
      rec.status === 'SIGNED_OFF'
        ? desiredReminders(
            rec,
            await tx.treatmentEvent.findMany({ where: { caseId: rec.caseId, status: { not: 'CANCELLED' } } }),
          )
        : [];
    const byKey = new Map(existing.map((row) => [row.dedupeKey, row]));
    const wanted = new Set<string>();
    for (const want of desired) {
      wanted.add(want.dedupeKey);
      const row = byKey.get(want.dedupeKey);
      if (!row) {
        const created = await tx.reminder.create({
          data: { ...this.fields(want), caseId: rec.caseId, recommendationId: rec.id },
        });
        await this.announce(tx, created);
        outcome.created += 1;
      } else if (this.needsReschedule(row, want)) {
        const updated = await tx.reminder.update({
          where: { id: row.id },
          data: {
            ...this.fields(want),
            status: 'SCHEDULED',
            cancelledAt: null,
            deliveredAt: null,
            lastError: null,
            version: { increment: 1 },
          },
        });
        await this.announce(tx, updated);
        outcome.rescheduled += 1;
      }
    }
    for (const row of existing) if (!wanted.has(row.dedupeKey)) outcome.cancelled += await this.cancel(tx, row);
    if (outcome.created + outcome.rescheduled + outcome.cancelled > 0) {
      this.logger.log(
        `recommendation ${recommendationId}: ${outcome.created} reminders created, ${outcome.rescheduled} rescheduled, ${outcome.cancelled} cancelled`,
      );
    }
    return { outcome, caseId: rec.caseId };
  }

  /**
   * The pre-meeting digest of every upcoming PLANNED meeting (dedupe key = meeting id), due
   * `meetingDigestHoursBefore` before it starts; digests of meetings no longer planned are cancelled.
   */
  async scheduleMeetingDigests(tx: Tx, now: Date, horizonDays = 30): Promise<ScheduleOutcome> {
    const outcome: ScheduleOutcome = { created: 0, rescheduled: 0, cancelled: 0 };
    const before = this.config.reminders.meetingDigestHoursBefore * 3_600_000;
    const meetings = await tx.meeting.findMany({
      where: { status: 'PLANNED', startsAt: { gt: now, lte: new Date(now.getTime() + horizonDays * 86_400_000) } },
      select: { id: true, startsAt: true },
    });
    const existing = await tx.reminder.findMany({
      where: {
        kind: 'MEETING_DIGEST',
        OR: [{ meetingId: { in: meetings.map((m) => m.id) } }, { status: 'SCHEDULED' }],
      },
    });
    const byKey = new Map(existing.map((row) => [row.dedupeKey, row]));
    const wanted = new Set<string>();
    for (const meeting of meetings) {
      const want: DesiredReminder = {
        dedupeKey: meetingDigestKey(meeting.id),
        kind: 'MEETING_DIGEST',
        milestoneCode: 'MEETING_DIGEST',
        dueAt: new Date(meeting.startsAt.getTime() - before),
        windowStart: null,
        windowEnd: null,
        audience: ['BOARD_COORDINATORS'],
      };
      wanted.add(want.dedupeKey);
      const row = byKey.get(want.dedupeKey);
      if (!row) {
        await this.announce(
          tx,
          await tx.reminder.create({ data: { ...this.fields(want), milestoneCode: null, meetingId: meeting.id } }),
        );
        outcome.created += 1;
      } else if (this.needsReschedule(row, want)) {
        await this.announce(
          tx,
          await tx.reminder.update({
            where: { id: row.id },
            data: {
              dueAt: want.dueAt,
              status: 'SCHEDULED',
              cancelledAt: null,
              deliveredAt: null,
              version: { increment: 1 },
            },
          }),
        );
        outcome.rescheduled += 1;
      }
    }
    for (const row of existing)
      if (row.status === 'SCHEDULED' && !wanted.has(row.dedupeKey)) outcome.cancelled += await this.cancel(tx, row);
    return outcome;
  }

  private fields(want: DesiredReminder): Omit<Prisma.ReminderUncheckedCreateInput, 'caseId' | 'recommendationId'> {
    return {
      kind: want.kind,
      milestoneCode: want.milestoneCode,
      dedupeKey: want.dedupeKey,
      dueAt: want.dueAt,
      windowStart: want.windowStart,
      windowEnd: want.windowEnd,
      audience: want.audience,
    };
  }

  /**
   * A changed due time or window reschedules; a cancelled reminder that is wanted again comes
   * back. A delivered reminder is only sent again when its new due time is still ahead (the
   * dates moved after it went out); an unchanged one is left alone.
   */
  private needsReschedule(row: Reminder, want: DesiredReminder): boolean {
    const changed =
      !sameInstant(row.dueAt, want.dueAt) ||
      !sameInstant(row.windowStart, want.windowStart) ||
      !sameInstant(row.windowEnd, want.windowEnd);
    switch (row.status) {
      case 'SCHEDULED':
        return changed || row.audience.join() !== want.audience.join();
      case 'CANCELLED':
        return true;
      case 'DELIVERED':
      case 'FAILED':
        return changed && want.dueAt.getTime() > (row.deliveredAt ?? row.updatedAt).getTime();
    }
  }

  private async cancel(tx: Tx, row: Reminder): Promise<number> {
    if (row.status !== 'SCHEDULED') return 0;
    const updated = await tx.reminder.update({
      where: { id: row.id },
      data: { status: 'CANCELLED', cancelledAt: new Date(), version: { increment: 1 } },
    });
    await this.announce(tx, updated);
    return 1;
  }

  private async announce(tx: Tx, reminder: Reminder): Promise<void> {
    const payload: ReminderChangedPayload =
      reminder.status === 'SCHEDULED'
        ? { reminderId: reminder.id, version: reminder.version, dueAt: reminder.dueAt.toISOString() }
        : { reminderId: reminder.id, version: reminder.version, cancelled: true };
    await tx.outboxEvent.create({
      data: {
        topic: OutboxTopic.ReminderChanged,
        aggregateType: 'reminder',
        aggregateId: reminder.id,
        payload: payload as unknown as Prisma.InputJsonValue,
      },
    });
  }
}
