import { Module } from '@nestjs/common';
import { CaseStateModule } from '../cases/case-state.module';
import { MeetingEventsModule } from '../meeting-events/meeting-events.module';
import { DraftingService } from './drafting.service';
import { RecommendationsRepository } from './recommendations.repository';
import { RecommendationsService } from './recommendations.service';

@Module({
  imports: [CaseStateModule, MeetingEventsModule],
  providers: [RecommendationsService, RecommendationsRepository, DraftingService],
  exports: [RecommendationsService, DraftingService],
})
export class RecommendationsModule {}
