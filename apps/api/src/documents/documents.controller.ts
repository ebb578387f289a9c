import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor } from '../auth/auth.decorators';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';
import { DocumentsService } from './documents.service';

const PDF = {
  description: 'A PDF document',
  content: { 'application/pdf': { schema: { type: 'string' as const, format: 'binary' } } },
};

@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @ApiOperation({ summary: 'The decision letter (PDF) of a signed-off recommendation' })
  @ApiRefusals({ 409: 'The recommendation is not signed off' })
  @Get('recommendations/:id/decision.pdf')
  @ScopedBy('recommendation')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async decisionLetter(
    @Param('id') id: string,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { pdf, fileName } = await this.documents.decisionLetter(id, actor);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store');
    return pdf;
  }

  @ApiOperation({ summary: "The minutes of a meeting (PDF): attendance, each case's outcome, deferred cases and why" })
  @Get('meetings/:id/minutes.pdf')
  @ScopedBy('meeting')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async minutes(
    @Param('id') id: string,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { pdf, fileName } = await this.documents.minutes(id, actor);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store');
    return pdf;
  }
}
