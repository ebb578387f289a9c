import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';

/** A SCHEDULED reminder the due sweep checks for a job in Redis. */
export interface DueReminderRow {
  id: string;
  version: number;
  due_at: Date;
}

/** The reminders' statements, in plain SQL on the pg pool (`pool.query(text, values)`). */
@Injectable()
export class RemindersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** SCHEDULED reminders due at or before `dueBy`, soonest first, at most `limit`. */
  async scheduledDueBy(dueBy: Date, limit: number): Promise<DueReminderRow[]> {
    const { rows } = await this.prisma.sql.query<DueReminderRow>(
      `SELECT id, version, due_at FROM reminders WHERE status = 'SCHEDULED' AND due_at <= $1 ORDER BY due_at LIMIT $2`,
      [dueBy, limit],
    );
    return rows;
  }
}
