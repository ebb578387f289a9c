import { Module } from '@nestjs/common';
import { ProvenanceController } from './provenance.controller';
import { ProvenanceRepository } from './provenance.repository';
import { ProvenanceService } from './provenance.service';

/** Decision provenance per recommendation for the auditor (the audit module's recorder is global). */
@Module({ controllers: [ProvenanceController], providers: [ProvenanceRepository, ProvenanceService] })
export class ProvenanceModule {}
