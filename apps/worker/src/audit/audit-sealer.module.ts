import { Module } from '@nestjs/common';
import { AuditSealerService } from './audit-sealer.service';

@Module({ providers: [AuditSealerService], exports: [AuditSealerService] })
export class AuditSealerModule {}
