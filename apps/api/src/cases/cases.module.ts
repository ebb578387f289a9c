import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { CaseStateModule } from './case-state.module';
import { CasesController } from './cases.controller';
import { CaseReadRepository } from './case-read.repository';
import { CasesService } from './cases.service';

@Module({
  imports: [RecommendationsModule, CaseStateModule],
  controllers: [CasesController],
  providers: [CasesService, CaseReadRepository],
  exports: [CasesService],
})
export class CasesModule {}
