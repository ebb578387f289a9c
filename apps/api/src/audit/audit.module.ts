import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRecorder } from './audit-recorder.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRecorder, AuditRepository, AuditService],
  exports: [AuditRecorder, AuditService],
})
export class AuditModule {}
