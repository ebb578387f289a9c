import type { Job } from 'bullmq';
import { JobName, QUEUE_OF_JOB, QueueName } from '@consilium/jobs';
import type { ReminderDelivery } from './reminder-delivery.service';
import type { ReminderSweep } from './reminder-sweep.service';
import { RemindersProcessor } from './reminders.processor';

/** Every job name is handled by the processor of the queue it is sent to. */
describe('job dispatch', () => {
  const calls: string[] = [];
  const delivery = {
    deliver: async (id: string) => (calls.push(`deliver ${id}`), 'delivered'),
  } as unknown as ReminderDelivery;
  const sweep = { sweepDue: async () => (calls.push('sweep'), 0) } as unknown as ReminderSweep;
  const processors: Record<QueueName, RemindersProcessor> = {
    [QueueName.Reminders]: new RemindersProcessor(delivery, sweep),
  };
  const payloads: Record<JobName, unknown> = {
    [JobName.DeliverReminder]: { reminderId: 'r1', reminderVersion: 1 },
    [JobName.SweepDueReminders]: {},
  };
  const expected: Record<JobName, string> = {
    [JobName.DeliverReminder]: 'deliver r1',
    [JobName.SweepDueReminders]: 'sweep',
  };
  const job = (name: JobName): Job => ({ name, data: payloads[name] }) as Job;

  // One queue left since reminder e-mails moved to PostgreSQL (reminder_emails, ReminderMailer).
  it.each(Object.values(JobName))('%s is handled on its queue', async (name) => {
    calls.length = 0;
    await processors[QUEUE_OF_JOB[name]].process(job(name));
    expect(calls).toEqual([expected[name]]);
  });
});
