import { Module } from '@nestjs/common';
import { CaseStateModule } from '../cases/case-state.module';
import { MeetingEventsModule } from '../meeting-events/meeting-events.module';
import { AgendaService } from './agenda.service';
import { AttendanceService } from './attendance.service';
import { MeetingsController } from './meetings.controller';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

@Module({
  imports: [CaseStateModule, MeetingEventsModule],
  controllers: [MeetingsController],
  providers: [MeetingsRepository, MeetingsService, AgendaService, AttendanceService],
  exports: [MeetingsRepository],
})
export class MeetingsModule {}
