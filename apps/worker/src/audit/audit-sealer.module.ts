import { Module } from '@nestjs/common';
import { AuditSealerRepository } from './audit-sealer.repository';
import { AuditSealerService } from './audit-sealer.service';

@Module({ providers: [AuditSealerRepository, AuditSealerService], exports: [AuditSealerService] })
export class AuditSealerModule {}
