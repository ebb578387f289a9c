import { Injectable } from '@nestjs/common';
import { Prisma, type Specialty, type VoteChoice } from '@prisma/client';
import { auditInsertSelect, type AuditActor } from '@consilium/audit';
import { PrismaService } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { VOTING_OPEN_SQL } from '../meetings/meeting-status';

/** What the vote statement found: the recommendation's state, the voter's, and whether the vote went in. */
export interface CastOutcome {
  status: string;
  meeting_id: string | null;
  attending: boolean;
  voting_open: boolean;
  voted: boolean;
}

export interface BallotInput {
  voteId: string;
  voterId: string;
  voterSpecialty: Specialty | null;
  choice: VoteChoice;
  comment: string | null;
}

/** The current round of a recommendation with its votes, the board's consensus rule and who is in the room. */
export interface TallyRow {
  round: number;
  meeting_id: string | null;
  consensus_numerator: number;
  consensus_denominator: number;
  required: Specialty[] | null;
  votes: {
    voter_id: string;
    voter: string;
    specialty: Specialty | null;
    choice: VoteChoice;
    comment: string | null;
    created_at: string;
  }[];
  present: (Specialty | null)[];
}

/** Votes are on the meeting's hot path: each operation is one SQL statement. */
@Injectable()
export class VotesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditRecorder,
  ) {}

  /**
   * One statement, so one round trip and one commit: lock the recommendation against a
   * concurrent edit (which opens a new round), check it is open and the voter checked in,
   * insert the vote and its audit row. The unique (recommendation, round, voter) refuses a
   * second vote, a concurrent one included (SQLSTATE 23505).
   */
  async cast(recommendationId: string, ballot: BallotInput, actor: AuditActor): Promise<CastOutcome | undefined> {
    const audit = auditInsertSelect(
      this.audit.source,
      { action: 'C', type: 'vote.cast', actor, entity: { type: 'vote', id: ballot.voteId } },
      7,
      {
        patient_id: 'rec.patient_id',
        board_id: 'rec.board_id',
        detail: `jsonb_build_object('recommendationId', rec.id::text, 'round', vote.round, 'choice', vote.choice::text)`,
      },
    );
    const { rows } = await this.prisma.sql.query<CastOutcome>(
      `WITH rec AS (
         SELECT r.id, r.status::text AS status, r.round, r.meeting_id, c.board_id, c.patient_id,
                EXISTS (SELECT 1 FROM attendances a WHERE a.meeting_id = r.meeting_id AND a.user_id = $2::uuid AND a.left_at IS NULL) AS attending,
                COALESCE((SELECT ${VOTING_OPEN_SQL} FROM meetings m WHERE m.id = r.meeting_id), false) AS voting_open
           FROM recommendations r JOIN cases c ON c.id = r.case_id WHERE r.id = $1::uuid FOR SHARE OF r
       ), vote AS (
         INSERT INTO votes (id, recommendation_id, round, voter_id, choice, comment, specialty)
         SELECT $3::uuid, rec.id, rec.round, $2::uuid, $4::"VoteChoice", $5, $6::"Specialty" FROM rec
          WHERE rec.status = 'PROPOSED' AND rec.meeting_id IS NOT NULL AND rec.attending AND rec.voting_open
         RETURNING id, round, choice
       ), audit AS (
         ${audit.sql} FROM vote, rec
       )
       SELECT rec.status, rec.meeting_id, rec.attending, rec.voting_open, EXISTS (SELECT 1 FROM vote) AS voted FROM rec`,
      [
        recommendationId,
        ballot.voterId,
        ballot.voteId,
        ballot.choice,
        ballot.comment,
        ballot.voterSpecialty,
        ...audit.values,
      ],
    );
    return rows[0];
  }

  /**
   * Changes the voter's vote of the current round, on the same conditions as casting one (a
   * proposal, voting open, the voter checked in), with its audit row in the same transaction.
   * What it found is returned as for `cast`; `voted` is false when the voter has no vote to change.
   */
  async change(
    recommendationId: string,
    ballot: Omit<BallotInput, 'voteId' | 'voterSpecialty'>,
    actor: AuditActor,
  ): Promise<(CastOutcome & { had_vote: boolean }) | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const [rec] = await tx.$queryRaw<
        {
          id: string;
          status: string;
          round: number;
          meeting_id: string | null;
          board_id: string;
          patient_id: string;
          attending: boolean;
          voting_open: boolean;
        }[]
      >`
        SELECT r.id, r.status::text AS status, r.round, r.meeting_id, c.board_id, c.patient_id,
               EXISTS (SELECT 1 FROM attendances a WHERE a.meeting_id = r.meeting_id AND a.user_id = ${ballot.voterId}::uuid AND a.left_at IS NULL) AS attending,
               COALESCE((SELECT ${Prisma.raw(VOTING_OPEN_SQL)} FROM meetings m WHERE m.id = r.meeting_id), false) AS voting_open
          FROM recommendations r JOIN cases c ON c.id = r.case_id WHERE r.id = ${recommendationId}::uuid FOR SHARE OF r`;
      if (!rec) return undefined;
      const mine = await tx.vote.findUnique({
        where: { recommendationId_round_voterId: { recommendationId, round: rec.round, voterId: ballot.voterId } },
      });
      const outcome = {
        status: rec.status,
        meeting_id: rec.meeting_id,
        attending: rec.attending,
        voting_open: rec.voting_open,
        had_vote: mine !== null,
        voted: false,
      };
      if (!mine || rec.status !== 'PROPOSED' || !rec.meeting_id || !rec.attending || !rec.voting_open) return outcome;
      await tx.vote.update({ where: { id: mine.id }, data: { choice: ballot.choice, comment: ballot.comment } });
      await this.audit.record(tx, {
        action: 'U',
        type: 'vote.change',
        actor,
        entity: { type: 'vote', id: mine.id },
        patientId: rec.patient_id,
        boardId: rec.board_id,
        changes: {
          choice: { old: mine.choice, new: ballot.choice },
          comment: { old: mine.comment, new: ballot.comment },
        },
        detail: { recommendationId, round: rec.round },
      });
      return { ...outcome, voted: true };
    });
  }

  /** Whether vote `voteId` is the voter's vote of the recommendation's current round. */
  async isCurrentVote(voteId: string, recommendationId: string, voterId: string): Promise<boolean> {
    const { rows } = await this.prisma.sql.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM votes v JOIN recommendations r ON r.id = v.recommendation_id AND r.round = v.round
                       WHERE v.id = $1::uuid AND v.recommendation_id = $2::uuid AND v.voter_id = $3::uuid) AS found`,
      [voteId, recommendationId, voterId],
    );
    return rows[0]?.found === true;
  }

  /** The tally's inputs in one statement. */
  async tallyRow(recommendationId: string): Promise<TallyRow | undefined> {
    const { rows } = await this.prisma.sql.query<TallyRow>(
      `SELECT r.round, r.meeting_id, b.consensus_numerator, b.consensus_denominator, m.required_specialties::text[] AS required,
              COALESCE((SELECT json_agg(json_build_object('voter_id', v.voter_id, 'voter', u.display_name, 'specialty', v.specialty, 'choice', v.choice,
                                                          'comment', v.comment, 'created_at', v.created_at) ORDER BY v.created_at, v.id)
                          FROM votes v JOIN users u ON u.id = v.voter_id WHERE v.recommendation_id = r.id AND v.round = r.round), '[]'::json) AS votes,
              COALESCE((SELECT array_agg(a.specialty::text) FROM attendances a WHERE a.meeting_id = r.meeting_id AND a.left_at IS NULL), '{}'::text[]) AS present
         FROM recommendations r JOIN cases c ON c.id = r.case_id JOIN boards b ON b.id = c.board_id
         LEFT JOIN meetings m ON m.id = r.meeting_id WHERE r.id = $1::uuid`,
      [recommendationId],
    );
    return rows[0];
  }
}
