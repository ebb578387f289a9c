import { Module } from '@nestjs/common';
import { MeetingEventsModule } from '../meeting-events/meeting-events.module';
import { IdempotencyService } from './idempotency.service';
import { VotesRepository } from './votes.repository';
import { VotesService } from './votes.service';

@Module({
  imports: [MeetingEventsModule],
  providers: [VotesService, VotesRepository, IdempotencyService],
  exports: [VotesService, IdempotencyService],
})
export class VotesModule {}
