import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { BoardReportDto, ReportQuery } from './dto/report.dto';
import { ReportsService } from './reports.service';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @ApiOperation({ summary: 'Report concordance, timeliness and implementation of a board' })
  @ApiRefusals({ 404: 'No board with this boardId among yours' })
  @Get()
  @Roles('COORDINATOR', 'CLINICIAN', 'ADMIN')
  @ApiOkResponse({
    type: BoardReportDto,
    description:
      'Concordance, timeliness and implementation of one board over a period (404 for a board outside your scope)',
  })
  report(@CurrentUser() user: AuthenticatedUser, @Query() query: ReportQuery): Promise<BoardReportDto> {
    return this.reports.report(user, query);
  }
}
