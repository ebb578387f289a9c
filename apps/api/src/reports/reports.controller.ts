import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { BoardReportDto, ReportQuery } from './dto/report.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Roles('COORDINATOR', 'CLINICIAN', 'ADMIN')
  @ApiOkResponse({ type: BoardReportDto, description: 'Concordance, timeliness and implementation of one board over a period (404 for a board outside your scope)' })
  report(@CurrentUser() user: AuthenticatedUser, @Query() query: ReportQuery): Promise<BoardReportDto> {
    return this.reports.report(user, query);
  }
}
