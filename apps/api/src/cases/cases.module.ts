import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { CaseStateModule } from './case-state.module';
import { CasesController } from './cases.controller';
import { CaseReadRepository } from './case-read.repository';
import { CasesService } from './cases.service';

@Module({ imports: [PlansModule, CaseStateModule], controllers: [CasesController], providers: [CasesService, CaseReadRepository], exports: [CasesService] })
export class CasesModule {}
