import { Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { PrismaService } from '@consilium/db';

export interface Period {
  readonly boardId: string;
  readonly from: Date;
  readonly to: Date;
}

export interface SignedOffCounts {
  signed_off: number;
  /** Signed off on a pathway's draft (concordance counts only these). */
  pathway_signed_off: number;
  following: number;
  implemented_yes: number;
  implemented_partly: number;
  implemented_no: number;
  implementation_missing: number;
}

export interface DurationRow {
  count: number;
  median: number | null;
  p90: number | null;
}

/**
 * When the board decided: the meeting's start for a sign-off at or after it (a decision is dated
 * from its meeting, even when the chair signs off later in a voting window); the sign-off itself
 * when it came first (a window opened before the meeting) or there is no meeting.
 */
const DECIDED_AT = Prisma.sql`least(m.starts_at, r.signed_off_at)`;

/** Aggregate queries always answer exactly one row. */
function one<T>(row: T | undefined): T {
  if (!row) throw new Error('aggregate query returned no row');
  return row;
}

/** Aggregates over a board's recommendations and cases, computed by PostgreSQL. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async signedOffCounts({ boardId, from, to }: Period): Promise<SignedOffCounts> {
    const [row] = await this.prisma.$queryRaw<SignedOffCounts[]>`
      SELECT count(*)::int AS signed_off,
             count(*) FILTER (WHERE r.pathway_id IS NOT NULL)::int AS pathway_signed_off,
             count(*) FILTER (WHERE r.pathway_id IS NOT NULL AND r.follows_pathway)::int AS following,
             count(*) FILTER (WHERE r.implementation_status = 'YES')::int AS implemented_yes,
             count(*) FILTER (WHERE r.implementation_status = 'PARTLY')::int AS implemented_partly,
             count(*) FILTER (WHERE r.implementation_status = 'NO')::int AS implemented_no,
             count(*) FILTER (WHERE r.implementation_status IS NULL)::int AS implementation_missing
        FROM recommendations r JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id
       WHERE c.board_id = ${boardId}::uuid AND r.status = 'SIGNED_OFF'
         AND ${DECIDED_AT} >= ${from} AND ${DECIDED_AT} < ${to}`;
    return one(row);
  }

  /**
   * Signed-off decisions by tumour site (ICD-10 category, e.g. C18) and pathway (null: a
   * board-authored plan), with the concordance of the pathway ones.
   */
  bySiteAndPathway({
    boardId,
    from,
    to,
  }: Period): Promise<
    { site: string; pathway_id: string | null; signed_off: number; following: number; implemented_yes: number }[]
  > {
    return this.prisma.$queryRaw`
      SELECT left(c.site_code, 3) AS site, r.pathway_id,
             count(*)::int AS signed_off,
             count(*) FILTER (WHERE r.pathway_id IS NOT NULL AND r.follows_pathway)::int AS following,
             count(*) FILTER (WHERE r.implementation_status = 'YES')::int AS implemented_yes
        FROM recommendations r JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id
       WHERE c.board_id = ${boardId}::uuid AND r.status = 'SIGNED_OFF'
         AND ${DECIDED_AT} >= ${from} AND ${DECIDED_AT} < ${to}
       GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST`;
  }

  departuresByReason({ boardId, from, to }: Period): Promise<{ reason: string; count: number }[]> {
    return this.prisma.$queryRaw<{ reason: string; count: number }[]>`
      SELECT coalesce(r.deviation_reason::text, 'UNSPECIFIED') AS reason, count(*)::int AS count
        FROM recommendations r JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id
       WHERE c.board_id = ${boardId}::uuid AND r.status = 'SIGNED_OFF' AND r.pathway_id IS NOT NULL AND r.follows_pathway = false
         AND ${DECIDED_AT} >= ${from} AND ${DECIDED_AT} < ${to}
       GROUP BY 1 ORDER BY 1`;
  }

  /** Days from referral to discussion, for cases discussed in the period. */
  async referralToDiscussion({ boardId, from, to }: Period): Promise<DurationRow> {
    const [row] = await this.prisma.$queryRaw<DurationRow[]>`
      WITH d AS (
        SELECT extract(epoch FROM (discussed_at - referred_at))::float8 / 86400 AS days
          FROM cases WHERE board_id = ${boardId}::uuid AND discussed_at >= ${from} AND discussed_at < ${to})
      SELECT count(*)::int AS count,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
        FROM d`;
    return one(row);
  }

  /** Calendar days from the discussion (UTC date) to the treatment start, for cases discussed in the period. */
  async discussionToTreatment({ boardId, from, to }: Period): Promise<DurationRow> {
    const [row] = await this.prisma.$queryRaw<DurationRow[]>`
      WITH d AS (
        SELECT (treatment_started_on - (discussed_at AT TIME ZONE 'UTC')::date)::float8 AS days
          FROM cases WHERE board_id = ${boardId}::uuid AND discussed_at >= ${from} AND discussed_at < ${to}
           AND treatment_started_on IS NOT NULL)
      SELECT count(*)::int AS count,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
        FROM d`;
    return one(row);
  }
}
