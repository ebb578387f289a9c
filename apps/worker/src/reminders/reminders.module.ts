import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@consilium/jobs';
import { MailSender } from '../notifications/mail.sender';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { RedisPolicyCheck } from '../redis-policy/redis-policy.check';
import { ReminderDeliveryRepository } from './reminder-delivery.repository';
import { ReminderDelivery } from './reminder-delivery.service';
import { ReminderScheduler } from './reminder-scheduler.service';
import { ReminderSweep } from './reminder-sweep.service';
import { ReminderMailerRepository } from './reminder-mailer.repository';
import { ReminderMailer } from './reminder-mailer.service';
import { RemindersProcessor } from './reminders.processor';

/**
 * Reminders: the outbox relay (scheduling), the due loop (in-app delivery claimed from
 * PostgreSQL in batches), the mailer (e-mail by its own claims), the digest sweep, the processor
 * of the reminders queue and the Redis eviction-policy check that guards it.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Reminders })],
  providers: [
    RedisPolicyCheck,
    ReminderScheduler,
    OutboxRepository,
    OutboxRelay,
    ReminderSweep,
    ReminderDeliveryRepository,
    ReminderDelivery,
    MailSender,
    ReminderMailerRepository,
    ReminderMailer,
    RemindersProcessor,
  ],
  exports: [OutboxRelay],
})
export class RemindersModule {}
