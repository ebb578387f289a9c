import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { TreatmentEventsModule } from '../treatment-events/treatment-events.module';
import { VotesModule } from '../votes/votes.module';
import { PlansController } from './plans.controller';

/** The HTTP surface of a case's plan: recommendations, votes and treatment events under one OpenAPI tag. */
@Module({
  imports: [RecommendationsModule, VotesModule, TreatmentEventsModule],
  controllers: [PlansController],
})
export class PlansModule {}
