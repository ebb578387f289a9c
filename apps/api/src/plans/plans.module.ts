import { Module } from '@nestjs/common';
import { CaseStateModule } from '../cases/case-state.module';
import { MeetingEventsModule } from '../meeting-events/meeting-events.module';
import { RecommendationsRepository } from '../recommendations/recommendations.repository';
import { VotesRepository } from '../votes/votes.repository';
import { DraftingService } from './drafting.service';
import { IdempotencyService } from './idempotency.service';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [CaseStateModule, MeetingEventsModule],
  controllers: [PlansController],
  providers: [PlansService, DraftingService, IdempotencyService, RecommendationsRepository, VotesRepository],
  exports: [DraftingService, PlansService],
})
export class PlansModule {}
