import { Injectable, NotFoundException } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { lockRow, PrismaService, toRecordedEvent, type Tx } from '@consilium/db';
import type { RecordedTreatmentEvent } from '@consilium/pathway';
import { decodeRecommendation, type RecommendationRecord } from './recommendation.mapper';

type Db = Tx | PrismaService;

/** Recommendation rows, decoded once on the way out. */
@Injectable()
export class RecommendationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Locks the recommendation for the rest of the transaction (edits, votes and sign-off serialise
   * on it); NO KEY UPDATE leaves rows that reference it (votes, reminders) insertable meanwhile.
   */
  async lock(tx: Tx, id: string): Promise<RecommendationRecord> {
    await lockRow(tx, 'recommendations', id, 'NO KEY UPDATE');
    const row = await tx.recommendation.findUnique({ where: { id } });
    if (!row) throw new NotFoundException('recommendation not found');
    return decodeRecommendation(row);
  }

  async get(id: string): Promise<RecommendationRecord> {
    return decodeRecommendation(await this.prisma.recommendation.findUniqueOrThrow({ where: { id } }));
  }

  /** The recommendation and the day of its meeting, if it has one. */
  async getWithMeetingStart(
    id: string,
  ): Promise<{ recommendation: RecommendationRecord; meetingStartsAt: Date | null }> {
    const { meeting, ...row } = await this.prisma.recommendation.findUniqueOrThrow({
      where: { id },
      include: { meeting: { select: { startsAt: true } } },
    });
    return { recommendation: decodeRecommendation(row), meetingStartsAt: meeting?.startsAt ?? null };
  }

  async listForCase(caseId: string): Promise<RecommendationRecord[]> {
    const rows = await this.prisma.recommendation.findMany({ where: { caseId }, orderBy: { draftVersion: 'desc' } });
    return rows.map(decodeRecommendation);
  }

  /** The case's most recently signed-off recommendation, if any. */
  async latestSigned(tx: Tx, caseId: string): Promise<RecommendationRecord | null> {
    const row = await tx.recommendation.findFirst({
      where: { caseId, status: 'SIGNED_OFF' },
      orderBy: { signedOffAt: 'desc' },
    });
    return row && decodeRecommendation(row);
  }

  async update(tx: Tx, id: string, data: Prisma.RecommendationUncheckedUpdateInput): Promise<RecommendationRecord> {
    return decodeRecommendation(await tx.recommendation.update({ where: { id }, data }));
  }

  /** Who signed, where, and the votes of the signed round. */
  async signature(db: Db, id: string, round: number) {
    return db.recommendation.findUniqueOrThrow({
      where: { id },
      select: {
        meeting: { select: { startsAt: true, title: true } },
        signedOffBy: { select: { displayName: true } },
        votes: {
          where: { round },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          select: { choice: true, comment: true, specialty: true, voter: { select: { displayName: true } } },
        },
      },
    });
  }

  /** A case's treatment events as the pathways read them: those not cancelled. */
  async recordedEvents(db: Db, caseId: string): Promise<RecordedTreatmentEvent[]> {
    const events = await db.treatmentEvent.findMany({
      where: { caseId, status: { not: 'CANCELLED' } },
      orderBy: { startDate: 'asc' },
    });
    return events.map(toRecordedEvent);
  }
}
