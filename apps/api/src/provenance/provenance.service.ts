import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuditActor } from '@consilium/audit';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { buildProvenance, type Provenance } from './provenance';
import { renderProvenancePdf } from './provenance-pdf';
import { ProvenanceRepository } from './provenance.repository';

/** A recommendation's decision provenance for the auditor, as JSON or PDF; reading it is a PHI read (it names the patient). */
@Injectable()
export class ProvenanceService {
  constructor(
    private readonly repository: ProvenanceRepository,
    private readonly recorder: AuditRecorder,
  ) {}

  async get(recommendationId: string, actor: AuditActor, format: 'json' | 'pdf'): Promise<Provenance> {
    const source = await this.repository.load(recommendationId);
    if (!source) throw new NotFoundException('recommendation not found');
    await this.recorder.recordRead({
      action: 'R',
      type: 'recommendation.provenance',
      actor,
      entity: { type: 'recommendation', id: recommendationId },
      patientId: source.caseRow.patientId,
      boardId: source.caseRow.boardId,
      detail: { caseId: source.caseRow.id, format },
    });
    return buildProvenance(source, new Date());
  }

  async pdf(recommendationId: string, actor: AuditActor): Promise<{ body: Buffer; filename: string }> {
    const provenance = await this.get(recommendationId, actor, 'pdf');
    return {
      body: await renderProvenancePdf(provenance),
      filename: `provenance-${provenance.case.reference}-v${provenance.recommendation.draftVersion}.pdf`,
    };
  }
}
