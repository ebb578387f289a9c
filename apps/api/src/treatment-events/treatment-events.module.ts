import { Module } from '@nestjs/common';
import { CaseStateModule } from '../cases/case-state.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { TreatmentEventsService } from './treatment-events.service';

@Module({
  imports: [CaseStateModule, RecommendationsModule],
  providers: [TreatmentEventsService],
  exports: [TreatmentEventsService],
})
export class TreatmentEventsModule {}
