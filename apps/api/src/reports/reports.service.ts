import { Injectable, NotFoundException } from '@nestjs/common';
import { subYears } from 'date-fns';
import { BoardAccessService } from '../access/board-access.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { FieldValidationException } from '../common/problem';
import type { BoardReportDto, DurationStatsDto, ReportQuery } from './dto/report.dto';
import { ReportsRepository, type DurationRow } from './reports.repository';

const oneDecimal = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);
const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

function durationStats(row: DurationRow): DurationStatsDto {
  return { count: row.count, medianDays: oneDecimal(row.median), p90Days: oneDecimal(row.p90) };
}

/** Quality indicators of a board over a period: concordance, timeliness, implementation. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly access: BoardAccessService,
  ) {}

  async report(user: AuthenticatedUser, query: ReportQuery, now: Date = new Date()): Promise<BoardReportDto> {
    if (!this.access.canAccessBoard(user, query.boardId)) throw new NotFoundException('board not found');
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : subYears(to, 1);
    if (from >= to) throw new FieldValidationException([{ field: 'from', message: 'from must be before to' }]);
    const period = { boardId: query.boardId, from, to };
    const [counts, groups, departures, referral, treatment] = await Promise.all([
      this.reports.signedOffCounts(period),
      this.reports.bySiteAndPathway(period),
      this.reports.departuresByReason(period),
      this.reports.referralToDiscussion(period),
      this.reports.discussionToTreatment(period),
    ]);
    const recorded = counts.implemented_yes + counts.implemented_partly + counts.implemented_no;
    return {
      boardId: query.boardId,
      from: from.toISOString(),
      to: to.toISOString(),
      concordance: {
        signedOff: counts.signed_off,
        pathwaySignedOff: counts.pathway_signed_off,
        followingPathway: counts.following,
        share: ratio(counts.following, counts.pathway_signed_off),
        departuresByReason: Object.fromEntries(departures.map((row) => [row.reason, row.count])),
      },
      bySiteAndPathway: groups.map((group) => ({
        site: group.site,
        pathwayId: group.pathway_id,
        signedOff: group.signed_off,
        followingPathway: group.pathway_id === null ? null : group.following,
        share: group.pathway_id === null ? null : ratio(group.following, group.signed_off),
        implementedYes: group.implemented_yes,
      })),
      referralToDiscussion: durationStats(referral),
      discussionToTreatment: durationStats(treatment),
      implementation: {
        yes: counts.implemented_yes,
        partly: counts.implemented_partly,
        no: counts.implemented_no,
        notRecorded: counts.implementation_missing,
        rate: ratio(counts.implemented_yes, recorded),
      },
    };
  }
}
