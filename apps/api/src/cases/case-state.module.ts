import { Module } from '@nestjs/common';
import { CaseLifecycleService } from './case-lifecycle.service';

/** Case locking and lifecycle, for every module that moves a case along. */
@Module({ providers: [CaseLifecycleService], exports: [CaseLifecycleService] })
export class CaseStateModule {}
