import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { JobName, QueueName, queuePrefix, redisConnectionOptions } from '@consilium/jobs';
import type { ReminderDelivery } from '../../apps/worker/src/reminders/reminder-delivery.service';
import type { ReminderSweep } from '../../apps/worker/src/reminders/reminder-sweep.service';
import { RemindersProcessor } from '../../apps/worker/src/reminders/reminders.processor';
import { TEST_REDIS_URL } from '../support/constants';

/**
 * Issue 17: the reminders processor closes its BullMQ worker with force (not waiting on the
 * blocking fetch loop), but only after the job in progress has finished and been moved to
 * completed: a delivery under way at SIGTERM is done once, here, not left half-way.
 */
describe('RemindersProcessor at shutdown (real BullMQ on the test Redis)', () => {
  const prefix = queuePrefix(`close-${randomUUID().slice(0, 8)}`);
  const connection = redisConnectionOptions(TEST_REDIS_URL, 'worker');
  let queue: Queue;
  let worker: Worker | undefined;

  beforeAll(() => {
    queue = new Queue(QueueName.Reminders, { connection, prefix });
  });

  afterAll(async () => {
    await worker?.close(true);
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('lets the delivery in progress finish and complete, then closes without waiting on the idle fetch', async () => {
    let started!: () => void;
    const deliveryStarted = new Promise<void>((resolve) => (started = resolve));
    const delivered: string[] = [];
    // The delivery itself (PostgreSQL) is tested elsewhere; here it only takes its time.
    const delivery = {
      deliver: async (id: string) => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        delivered.push(id);
        return 'delivered';
      },
    } as unknown as ReminderDelivery;
    const processor = new RemindersProcessor(delivery, {} as ReminderSweep);
    worker = new Worker(QueueName.Reminders, (job: Job) => processor.process(job), { connection, prefix });
    // As @nestjs/bullmq's explorer does for a @Processor class.
    Object.assign(processor, { _worker: worker });
    const job = await queue.add(JobName.DeliverReminder, { reminderId: 'r1', reminderVersion: 1 });
    await deliveryStarted;

    const at = Date.now();
    await processor.onModuleDestroy();
    const closedMs = Date.now() - at;

    expect(delivered).toEqual(['r1']);
    expect(await queue.getJobState(job.id!)).toBe('completed');
    expect(worker.closing).toBeTruthy();
    // The rest of the 1.5 s delivery, and not BullMQ's 5 s drain wait on top.
    expect(closedMs).toBeLessThan(3_000);
  });
});
