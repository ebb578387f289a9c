import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, Roles } from '../auth/auth.decorators';
import { ProvenanceDto } from './dto/provenance.dto';
import type { Provenance } from './provenance';
import { ProvenanceService } from './provenance.service';

/** A recommendation's decision provenance (issue 21), for the auditor: JSON and PDF. */
@ApiTags('audit')
@Roles('AUDITOR', 'ADMIN')
@Controller('audit/recommendations')
export class ProvenanceController {
  constructor(private readonly provenance: ProvenanceService) {}

  @Get(':id/provenance')
  @ScopedBy('recommendation')
  @ApiOperation({
    summary:
      'Decision provenance: facts snapshot, drafts, proposal diffs, overrides, vote rounds, attendance and quorum at sign-off, signer, deviation, implementation and treatment; each line with its audit event and proof path',
  })
  @ApiOkResponse({ type: ProvenanceDto })
  get(@Actor('HOPERAT') actor: AuditActor, @Param('id', ParseUUIDPipe) id: string): Promise<Provenance> {
    return this.provenance.get(id, actor, 'json');
  }

  @Get(':id/provenance.pdf')
  @ScopedBy('recommendation')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The decision provenance as a PDF, each line with its audit event id and leaf index' })
  @ApiOkResponse({
    description: 'PDF document',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async pdf(
    @Actor('HOPERAT') actor: AuditActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { body, filename } = await this.provenance.pdf(id, actor);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`);
    return body;
  }
}
