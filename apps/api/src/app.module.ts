import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerOptions, type AppConfig } from '@consilium/config';
import { DbModule } from '@consilium/db';
import { RedisModule } from '@consilium/jobs';
import { AccessModule } from './access/access.module';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BoardsModule } from './boards/boards.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { DocumentsModule } from './documents/documents.module';
import { FhirModule } from './fhir/fhir.module';
import { HealthModule } from './health/health.module';
import { MeetingEventsModule } from './meeting-events/meeting-events.module';
import { MeetingsModule } from './meetings/meetings.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PatientsModule } from './patients/patients.module';
import { PlansModule } from './plans/plans.module';
import { ProvenanceModule } from './provenance/provenance.module';
import { ReportsModule } from './reports/reports.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, 'api')),
        DbModule,
        RedisModule,
        AccessModule,
        AuditModule,
        AuthModule,
        HealthModule,
        UsersModule,
        BoardsModule,
        PatientsModule,
        CasesModule,
        PlansModule,
        FhirModule,
        DocumentsModule,
        MeetingsModule,
        MeetingEventsModule,
        CalendarModule,
        ReportsModule,
        ProvenanceModule,
        NotificationsModule,
        AdminModule,
        WebModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
