import { BadRequestException, ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { OutboxTopic, outboxRow } from '@consilium/jobs';
import type { AuditActor, AuditEventInput } from '@consilium/audit';
import { PrismaService, type Tx } from '@consilium/db';
import {
  boardPlanTimeline,
  boardRegimenLabel,
  validateBoardPlan,
  workflowOf,
  type BoardDecision,
  type AnyFinding as Finding,
  type BoardVoteChoice,
  type PathwayWorkflow,
} from '@consilium/pathway';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { expectedVersion, staleVersion } from '../common/etag';
import { FieldValidationException } from '../common/problem';
import { MeetingEventsService, type MeetingEventKind } from '../meeting-events/meeting-events.service';
import { VOTING_RULE, votingOpen } from '../meetings/meeting-status';
import { consensusReached } from '../votes/consensus';
import { quorumOf } from '../votes/quorum';
import { DraftingService } from './drafting.service';
import type {
  ImplementationDto,
  OverrideDto,
  ProposalDto,
  RecommendationDto,
  SignOffDto,
  TimelineDto,
} from './dto/recommendation.dto';
import {
  decodeRecommendation,
  json,
  toRecommendationDto,
  type Proposal,
  type RecommendationRecord,
} from './recommendation.mapper';
import { RecommendationsRepository } from './recommendations.repository';

const today = (): string => new Date().toISOString().slice(0, 10);

/** The board's recommendation for a case: the pathway's draft, the board's proposal, overrides, sign-off and implementation. */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditRecorder,
    private readonly drafting: DraftingService,
    private readonly lifecycle: CaseLifecycleService,
    private readonly events: MeetingEventsService,
    private readonly recommendations: RecommendationsRepository,
  ) {}

  /** What the board signed, as the pathway's decision summary reads it; null before sign-off. */
  private async decisionOf(db: Tx | PrismaService, row: RecommendationRecord): Promise<BoardDecision | null> {
    if (row.status !== 'SIGNED_OFF' || row.signedOffAt === null || row.proposedPlan === null) return null;
    const signed = await this.recommendations.signature(db, row.id, row.round);
    const plan = row.proposedPlan;
    return {
      meetingDate: (signed.meeting?.startsAt ?? row.signedOffAt).toISOString().slice(0, 10),
      meetingTitle: signed.meeting?.title ?? 'Tumour board',
      signedBy: signed.signedOffBy?.displayName ?? 'unknown',
      signedAt: row.signedOffAt.toISOString(),
      round: row.round,
      votes: signed.votes.map((vote) => ({
        voter: vote.voter.displayName,
        specialty: vote.specialty,
        choice: vote.choice as BoardVoteChoice,
        comment: vote.comment,
      })),
      pathwayBranch: row.primaryBranch,
      followsPathway: row.followsPathway ?? true,
      deviation: row.deviationReason === null ? null : { reason: row.deviationReason, text: row.deviationText },
      overrides: row.overrides.map((override) => ({ code: override.code, reason: override.reason })),
      plan: {
        branch: plan.branch,
        intent: plan.intent,
        steps: plan.steps,
        regimens: plan.regimens,
        rationale: plan.rationale,
        systemicDelayReason: plan.systemicDelayReason ?? null,
      },
    };
  }

  /** The recommendation with its board decision once signed off. */
  private async recommendationDto(db: Tx | PrismaService, row: RecommendationRecord): Promise<RecommendationDto> {
    return toRecommendationDto(row, await this.decisionOf(db, row));
  }

  /** The recommendation's audit row, written in the transaction of the change. */
  private async audited(
    tx: Tx,
    id: string,
    caseRow: { patientId: string; boardId: string },
    actor: AuditActor,
    event: Pick<AuditEventInput, 'action' | 'type' | 'changes' | 'detail'>,
  ): Promise<void> {
    await this.audit.record(tx, {
      ...event,
      actor,
      entity: { type: 'recommendation', id },
      patientId: caseRow.patientId,
      boardId: caseRow.boardId,
    });
  }

  /** Tells the meeting's live screens, once the change has committed. */
  private async announce(kind: MeetingEventKind, dto: RecommendationDto): Promise<RecommendationDto> {
    if (dto.meetingId)
      await this.events.publish({ kind, meetingId: dto.meetingId, recommendationId: dto.id, round: dto.round });
    return dto;
  }

  async createDraft(caseId: string, actor: AuditActor): Promise<RecommendationDto> {
    return this.prisma.$transaction(async (tx) => {
      const row = await this.lifecycle.lockCase(tx, caseId);
      if (row.status === 'CLOSED') throw new ConflictException('a closed case cannot be drafted');
      return toRecommendationDto(decodeRecommendation(await this.drafting.draft(tx, row, actor)));
    });
  }

  async listForCase(caseId: string): Promise<RecommendationDto[]> {
    const rows = await this.recommendations.listForCase(caseId);
    return Promise.all(rows.map((row) => this.recommendationDto(this.prisma, row)));
  }

  async get(id: string): Promise<RecommendationDto> {
    return this.recommendationDto(this.prisma, await this.recommendations.get(id));
  }

  /**
   * The plan on a calendar: the chosen branch's steps and milestones, dated from the board
   * decision (the meeting's day, else today) and the recorded treatment events.
   */
  async timeline(id: string): Promise<TimelineDto> {
    const { recommendation: rec, meetingStartsAt } = await this.recommendations.getWithMeetingStart(id);
    const events = await this.recommendations.recordedEvents(this.prisma, rec.caseId);
    const boardDecision = (meetingStartsAt ?? new Date()).toISOString().slice(0, 10);
    const workflow = workflowOf(rec.pathwayId ?? '');
    let branch: string | null = null;
    let rows: ReturnType<PathwayWorkflow['timeline']> = [];
    if (workflow !== undefined && rec.draftPlan !== null && rec.primaryBranch !== null) {
      const proposed = rec.proposedPlan?.branch;
      branch = proposed && workflow.branchCodes.includes(proposed) ? proposed : rec.primaryBranch;
      rows = workflow.timeline(rec.draftPlan, boardDecision, events, branch);
    } else if (rec.proposedPlan?.boardPlan) {
      rows = boardPlanTimeline(rec.proposedPlan.boardPlan, boardDecision, events);
    }
    return {
      recommendationId: id,
      branch,
      boardDecision,
      rows: rows.map((row) => ({
        kind: row.kind,
        code: row.code,
        label: row.label,
        category: row.category,
        anchor: row.anchor,
        from: row.from ?? null,
        to: row.to ?? null,
        bound: row.bound ?? null,
        waitsFor: row.waitsFor ?? null,
      })),
    };
  }

  /**
   * The proposal as stored: a pathway case picks a branch and regimens of its pathway; a case no
   * pathway covers carries the board-authored plan (validated, every problem named).
   */
  private proposalOf(rec: RecommendationRecord, input: ProposalDto): Proposal {
    const base = {
      meetingId: input.meetingId,
      intent: input.intent,
      rationale: input.rationale,
      ...(input.systemicDelayReason ? { systemicDelayReason: input.systemicDelayReason } : {}),
    };
    const workflow = rec.pathwayId === null ? undefined : workflowOf(rec.pathwayId);
    if (workflow === undefined) {
      const problems: { field: string; message: string }[] = [];
      if (input.branch !== undefined)
        problems.push({
          field: 'branch',
          message: 'branch applies only to a pathway case: this case has a board-authored plan (boardPlan)',
        });
      if (input.regimens !== undefined)
        problems.push({ field: 'regimens', message: 'regimens of a board-authored plan go in boardPlan.regimens' });
      if (input.boardPlan === undefined)
        problems.push({
          field: 'boardPlan',
          message: 'boardPlan is required: no pathway applies to this case, the board authors the plan',
        });
      const plan = input.boardPlan === undefined ? null : validateBoardPlan(input.boardPlan);
      if (plan !== null && !plan.ok)
        problems.push(
          ...plan.problems.map((problem) => ({ field: `boardPlan.${problem.field}`, message: problem.message })),
        );
      if (problems.length > 0 || plan === null || !plan.ok) throw new FieldValidationException(problems);
      const boardPlan = plan.facts;
      return {
        ...base,
        branch: null,
        steps: input.steps ?? boardPlan.steps.map((step) => `${step.modality}: ${step.description}`),
        regimens: boardPlan.regimens.map(boardRegimenLabel),
        boardPlan,
      };
    }
    const problems: { field: string; message: string }[] = [];
    if (input.boardPlan !== undefined)
      problems.push({
        field: 'boardPlan',
        message: `boardPlan is for cases without a pathway: this case follows ${workflow.id}`,
      });
    if (input.branch === undefined)
      problems.push({ field: 'branch', message: `branch is required: one of ${workflow.branchCodes.join(', ')}` });
    else if (!workflow.branchCodes.includes(input.branch))
      problems.push({
        field: 'branch',
        message: `branch must be one of ${workflow.id}'s: ${workflow.branchCodes.join(', ')}`,
      });
    if (input.steps === undefined) problems.push({ field: 'steps', message: 'steps is required' });
    if (input.regimens === undefined)
      problems.push({ field: 'regimens', message: 'regimens is required (an empty list for none)' });
    (input.regimens ?? []).forEach((code, index) => {
      if (!workflow.regimenCodes.includes(code))
        problems.push({
          field: `regimens.${index}`,
          message: `regimens.${index} must be one of ${workflow.id}'s: ${workflow.regimenCodes.join(', ')}`,
        });
    });
    if (problems.length > 0) throw new FieldValidationException(problems);
    return { ...base, branch: input.branch ?? null, steps: input.steps ?? [], regimens: input.regimens ?? [] };
  }

  /** The board edits the draft: findings are recomputed; an edit after votes opens a new round. */
  /** Optimistic concurrency as for cases: If-Match must carry the current version (428 without, 412 stale). */
  /**
   * The board's proposal. When the meeting names a chair, only the chair or the chair's delegate edits it (the others
   * propose changes with an "approve with changes" vote and a comment).
   */
  async propose(
    id: string,
    ifMatch: string | undefined,
    input: ProposalDto,
    user: AuthenticatedUser,
    actor: AuditActor,
  ): Promise<RecommendationDto> {
    const expected = expectedVersion(ifMatch, 'recommendation');
    const proposed = await this.prisma.$transaction(async (tx) => {
      const before = await this.recommendations.lock(tx, id);
      if (before.version !== expected) throw staleVersion(before.version, 'recommendation');
      if (before.status !== 'DRAFT' && before.status !== 'PROPOSED')
        throw new ConflictException(`a ${before.status} recommendation cannot be edited`);
      const caseRow = await tx.case.findUniqueOrThrow({
        where: { id: before.caseId },
        select: { boardId: true, patientId: true },
      });
      const meeting = await tx.meeting.findUnique({
        where: { id: input.meetingId },
        select: { boardId: true, status: true, chairId: true, delegateId: true },
      });
      if (!meeting || meeting.boardId !== caseRow.boardId)
        throw new FieldValidationException([
          { field: 'meetingId', message: "meetingId does not name a meeting of the case's board" },
        ]);
      if (meeting.status === 'CLOSED' || meeting.status === 'CANCELLED')
        throw new ConflictException(`the meeting is ${meeting.status}`);
      if (meeting.chairId !== null && meeting.chairId !== user.id && meeting.delegateId !== user.id) {
        throw new ForbiddenException(
          "only the meeting's chair (or the delegate the chair names) edits the proposal; propose a change with an APPROVE_WITH_CHANGES vote and a comment",
        );
      }
      const proposal = this.proposalOf(before, input);
      const findings = await this.findingsFor(tx, before, proposal);
      const votesThisRound = await tx.vote.count({ where: { recommendationId: id, round: before.round } });
      const after = await this.recommendations.update(tx, id, {
        meetingId: input.meetingId,
        proposedPlan: json(proposal),
        findings: json(findings),
        status: 'PROPOSED',
        round: votesThisRound > 0 ? before.round + 1 : before.round,
        version: { increment: 1 },
      });
      await this.audited(tx, id, caseRow, actor, {
        action: 'U',
        type: 'recommendation.propose',
        changes: {
          proposedPlan: { old: before.proposedPlan, new: proposal },
          round: { old: before.round, new: after.round },
        },
      });
      return toRecommendationDto(after);
    });
    return this.announce('proposal', proposed);
  }

  /** A block finding may only be overridden with a recorded reason. */
  async override(
    id: string,
    input: OverrideDto,
    user: AuthenticatedUser,
    actor: AuditActor,
  ): Promise<RecommendationDto> {
    const overridden = await this.prisma.$transaction(async (tx) => {
      const before = await this.recommendations.lock(tx, id);
      if (before.status !== 'PROPOSED' && before.status !== 'DRAFT')
        throw new ConflictException(`a ${before.status} recommendation cannot be changed`);
      if (!before.findings.some((finding) => finding.code === input.code && finding.severity === 'block')) {
        throw new FieldValidationException([
          { field: 'code', message: `code ${input.code} is not a block finding of this recommendation` },
        ]);
      }
      const overrides = [
        ...before.overrides.filter((existing) => existing.code !== input.code),
        { code: input.code, reason: input.reason, userId: user.id, at: new Date().toISOString() },
      ];
      const after = await this.recommendations.update(tx, id, {
        overrides: json(overrides),
        version: { increment: 1 },
      });
      const caseRow = await tx.case.findUniqueOrThrow({
        where: { id: before.caseId },
        select: { boardId: true, patientId: true },
      });
      await this.audited(tx, id, caseRow, actor, {
        action: 'U',
        type: 'recommendation.override',
        detail: { code: input.code, reason: input.reason },
      });
      return toRecommendationDto(after);
    });
    return this.announce('override', overridden);
  }

  /**
   * The chair signs off when quorum holds, the consensus rule passes and every block finding is
   * overridden; a departure from the pathway's primary branch needs a coded reason. Immutable after.
   */
  async signOff(id: string, input: SignOffDto, user: AuthenticatedUser, actor: AuditActor): Promise<RecommendationDto> {
    const signed = await this.prisma.$transaction(async (tx) => {
      const rec = await this.recommendations.lock(tx, id);
      if (rec.status !== 'PROPOSED' || !rec.meetingId || !rec.proposedPlan)
        throw new ConflictException(`a ${rec.status} recommendation cannot be signed off`);
      const meeting = await tx.meeting.findUniqueOrThrow({
        where: { id: rec.meetingId },
        include: { attendances: { where: { leftAt: null }, select: { specialty: true } } },
      });
      if (meeting.chairId !== user.id) throw new ForbiddenException("only the meeting's chair can sign off");
      if (!votingOpen(meeting, new Date())) throw new ConflictException(`sign-off is closed: ${VOTING_RULE}`);
      const missing = quorumOf(meeting.requiredSpecialties, meeting.attendances).missingSpecialties;
      const caseRow = await this.lifecycle.lockCase(tx, rec.caseId);
      if (caseRow.status !== 'SCHEDULED' && caseRow.status !== 'DISCUSSED')
        throw new ConflictException(`the case is ${caseRow.status}: only a case on the agenda can be decided`);
      const board = await tx.board.findUniqueOrThrow({ where: { id: caseRow.boardId } });
      const votes = await tx.vote.findMany({ where: { recommendationId: id, round: rec.round } });
      const overridden = new Set(rec.overrides.map((override) => override.code));
      const unresolved = rec.findings
        .filter((finding) => finding.severity === 'block' && !overridden.has(finding.code))
        .map((finding) => finding.code);
      const refusals: string[] = [];
      if (missing.length > 0) refusals.push(`no quorum: missing ${missing.join(', ')}`);
      if (!consensusReached(votes, board.consensusNumerator, board.consensusDenominator))
        refusals.push(
          `no consensus: fewer than ${board.consensusNumerator}/${board.consensusDenominator} of the non-abstaining votes approve`,
        );
      if (unresolved.length > 0) refusals.push(`block findings not overridden: ${[...new Set(unresolved)].join(', ')}`);
      if (refusals.length > 0)
        throw new ConflictException({
          message: `cannot sign off: ${refusals.join('; ')}`,
          missingSpecialties: missing,
          unresolvedBlocks: [...new Set(unresolved)],
        });

      const proposal = rec.proposedPlan;
      // Without a pathway there is nothing to follow or depart from.
      const followsPathway: boolean | null = rec.primaryBranch === null ? null : proposal.branch === rec.primaryBranch;
      if (followsPathway === false && !input.deviationReason) {
        throw new FieldValidationException([
          {
            field: 'deviationReason',
            message: `deviationReason is required: the proposal (${proposal.branch}) departs from the pathway's primary branch (${rec.primaryBranch})`,
          },
        ]);
      }
      if (input.deviationReason === 'OTHER' && !input.deviationText)
        throw new FieldValidationException([
          { field: 'deviationText', message: 'deviationText is required with deviationReason OTHER' },
        ]);
      const after = await this.recommendations.update(tx, id, {
        status: 'SIGNED_OFF',
        followsPathway,
        deviationReason: followsPathway === false ? input.deviationReason : null,
        deviationText: followsPathway === false ? (input.deviationText ?? null) : null,
        signedOffById: user.id,
        signedOffAt: new Date(),
        version: { increment: 1 },
      });
      // The case was discussed in this meeting and is now decided.
      // The case row is locked since the check above; only its status moves along.
      if (caseRow.status === 'SCHEDULED') await this.lifecycle.transition(tx, caseRow, 'DISCUSSED', actor);
      await this.lifecycle.transition(tx, { ...caseRow, status: 'DISCUSSED' }, 'DECIDED', actor);
      await tx.outboxEvent.create({
        data: outboxRow(
          OutboxTopic.RecommendationSignedOff,
          { recommendationId: id, caseId: rec.caseId },
          { requestId: actor.requestId, actorId: user.id },
        ),
      });
      await this.audited(tx, id, caseRow, actor, {
        action: 'E',
        type: 'recommendation.sign-off',
        detail: {
          followsPathway,
          deviationReason: after.deviationReason,
          round: rec.round,
          dissent: votes.filter((vote) => vote.choice === 'REJECT').map((vote) => vote.voterId),
        },
      });
      return this.recommendationDto(tx, after);
    });
    return this.announce('sign-off', signed);
  }

  /** The treating team records whether the recommendation was implemented. */
  async implementation(id: string, input: ImplementationDto, actor: AuditActor): Promise<RecommendationDto> {
    return this.prisma.$transaction(async (tx) => {
      const rec = await this.recommendations.lock(tx, id);
      if (rec.status !== 'SIGNED_OFF')
        throw new ConflictException('only a signed-off recommendation can be implemented');
      const after = await this.recommendations.update(tx, id, {
        implementationStatus: input.status,
        implementationReason: input.status === 'YES' ? null : (input.reason ?? null),
        implementationText: input.text ?? null,
        implementationRecordedAt: new Date(),
      });
      const caseRow = await this.lifecycle.lockCase(tx, rec.caseId);
      if (input.status !== 'NO' && caseRow.status === 'DECIDED')
        await this.lifecycle.transition(tx, caseRow, 'IN_TREATMENT', actor);
      await this.audited(tx, id, caseRow, actor, {
        action: 'U',
        type: 'recommendation.implementation',
        changes: { implementationStatus: { old: rec.implementationStatus, new: input.status } },
      });
      return this.recommendationDto(tx, after);
    });
  }

  /** The case's signed-off plan, which recorded treatment events are checked against; null before sign-off. */
  async signedPlan(tx: Tx, caseId: string): Promise<RecommendationRecord | null> {
    return this.recommendations.latestSigned(tx, caseId);
  }

  /** Re-validates the signed plan's follow-up findings on the treatment events recorded so far. */
  async recheckFollowUp(tx: Tx, signed: RecommendationRecord): Promise<RecommendationDto> {
    const findings = await this.findingsFor(tx, signed, signed.proposedPlan, true);
    const after = await this.recommendations.update(tx, signed.id, {
      followUpFindings: json(findings),
      followUpCheckedAt: new Date(),
    });
    return this.recommendationDto(tx, after);
  }

  /** Runs the pathway's rules on the facts snapshot, the dated events and the proposal (none for a board-authored plan). */
  /** `followUp` (after sign-off): the rules read what was done; the still-planned events only say whether systemic therapy is on its way. */
  private async findingsFor(
    tx: Tx,
    rec: RecommendationRecord,
    proposal: Proposal | null,
    followUp = false,
  ): Promise<Finding[]> {
    const workflow = rec.pathwayId === null ? undefined : workflowOf(rec.pathwayId);
    if (workflow === undefined || rec.primaryBranch === null) return [];
    const events = await this.recommendations.recordedEvents(tx, rec.caseId);
    try {
      return workflow.findings(rec.factsSnapshot, events, {
        asOf: today(),
        branch: proposal?.branch ?? rec.primaryBranch,
        proposal:
          proposal && proposal.branch !== null
            ? {
                branch: proposal.branch,
                regimens: proposal.regimens,
                systemicDelayReason: proposal.systemicDelayReason ?? null,
              }
            : null,
        followUp,
      });
    } catch (error) {
      throw new BadRequestException(
        `the plan's dates cannot be validated: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
