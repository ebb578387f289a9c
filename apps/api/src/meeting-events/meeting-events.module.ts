import { Module } from '@nestjs/common';
import { MeetingEventsController } from './meeting-events.controller';
import { MeetingEventsService } from './meeting-events.service';

@Module({ controllers: [MeetingEventsController], providers: [MeetingEventsService], exports: [MeetingEventsService] })
export class MeetingEventsModule {}
