import { Module } from '@nestjs/common';
import { CaseStateModule } from '../cases/case-state.module';
import { AgendaService } from './agenda.service';
import { AttendanceService } from './attendance.service';
import { MeetingsController } from './meetings.controller';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

@Module({
  imports: [CaseStateModule],
  controllers: [MeetingsController],
  providers: [MeetingsRepository, MeetingsService, AgendaService, AttendanceService],
  exports: [MeetingsRepository],
})
export class MeetingsModule {}
