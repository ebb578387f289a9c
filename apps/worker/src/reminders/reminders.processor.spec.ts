import type { Job } from 'bullmq';
import { JobName, QUEUE_OF_JOB, QueueName } from '@consilium/jobs';
import type { ReminderDelivery } from './reminder-delivery.service';
import type { ReminderSweep } from './reminder-sweep.service';
import { MailProcessor, RemindersProcessor } from './reminders.processor';

/** Every job name is handled by the processor of the queue it is sent to, and refused by the others. */
describe('job dispatch', () => {
  const calls: string[] = [];
  const delivery = {
    deliver: async (id: string) => (calls.push(`deliver ${id}`), 'delivered'),
    sendEmailsOf: async (reminders: { reminderId: string }[]) => (calls.push(`email ${reminders.map((r) => r.reminderId).join(',')}`), ['delivered']),
  } as unknown as ReminderDelivery;
  const sweep = { sweepDue: async () => (calls.push('sweep'), 0) } as unknown as ReminderSweep;
  const processors: Record<QueueName, RemindersProcessor | MailProcessor> = {
    [QueueName.Reminders]: new RemindersProcessor(delivery, sweep),
    [QueueName.Mail]: new MailProcessor(delivery),
  };
  const payloads: Record<JobName, unknown> = {
    [JobName.DeliverReminder]: { reminderId: 'r1', reminderVersion: 1 },
    [JobName.SendReminderEmails]: { reminders: [{ reminderId: 'r2', reminderVersion: 3 }] },
    [JobName.SweepDueReminders]: {},
  };
  const expected: Record<JobName, string> = {
    [JobName.DeliverReminder]: 'deliver r1',
    [JobName.SendReminderEmails]: 'email r2',
    [JobName.SweepDueReminders]: 'sweep',
  };
  const job = (name: JobName): Job => ({ name, data: payloads[name] }) as Job;

  it.each(Object.values(JobName))('%s is handled on its queue and refused elsewhere', async (name) => {
    calls.length = 0;
    await processors[QUEUE_OF_JOB[name]].process(job(name));
    expect(calls).toEqual([expected[name]]);
    for (const queue of Object.values(QueueName).filter((queue) => queue !== QUEUE_OF_JOB[name])) {
      await expect(processors[queue].process(job(name))).rejects.toThrow(`does not belong on the ${queue} queue`);
    }
  });
});
