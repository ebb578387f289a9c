import diff from 'microdiff';
import type { Specialty } from '@prisma/client';
import { quorumOf } from '../votes/quorum';
import type { ProvenanceEvent, ProvenanceSource } from './provenance.repository';

/** Where a line of the story is in the audit trail: the event, its leaf, the proof to ask for. */
export interface EventLink {
  readonly eventId: string;
  /** null while the event is not sealed yet (the proof answers 409 until then). */
  readonly leafIndex: string | null;
  /** GET this for the RFC 9162 inclusion proof of the event. */
  readonly proofPath: string;
}

export interface DiffEntry {
  /** Dotted path in the proposal (steps.2, regimens.0, intent). */
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Absent when added. */
  readonly old?: unknown;
  /** Absent when removed. */
  readonly new?: unknown;
}

export type ProvenanceKind =
  'draft' | 'proposal' | 'override' | 'attendance' | 'vote' | 'sign-off' | 'status' | 'implementation' | 'treatment';

/** One line of the decision's story, in the order the audit trail recorded it. */
export interface ProvenanceLine extends EventLink {
  readonly at: string;
  readonly kind: ProvenanceKind;
  readonly actorName: string | null;
  readonly summary: string;
}

export interface Provenance {
  readonly format: 'consilium-provenance/v1';
  readonly generatedAt: string;
  readonly recommendation: {
    id: string;
    draftVersion: number;
    status: string;
    pathwayId: string | null;
    pathwayVersion: string | null;
    primaryBranch: string | null;
    round: number;
    createdAt: string;
  };
  readonly case: { id: string; reference: string; patientName: string; mrn: string };
  readonly meeting: { id: string; title: string; startsAt: string } | null;
  /** The facts the draft was computed from, as stored with it (its shape is the pathway's). */
  readonly factsSnapshot: unknown;
  readonly drafts: ({
    id: string;
    draftVersion: number;
    status: string;
    pathwayVersion: string | null;
    primaryBranch: string | null;
    createdAt: string;
    current: boolean;
  } & Partial<EventLink>)[];
  readonly proposals: ({
    at: string;
    actorName: string | null;
    round: number | null;
    changes: DiffEntry[];
  } & EventLink)[];
  readonly overrides: ({ at: string; actorName: string | null; code: string; reason: string } & EventLink)[];
  readonly rounds: {
    round: number;
    votes: ({
      voterName: string;
      specialty: Specialty | null;
      choice: string;
      comment: string | null;
      at: string;
    } & Partial<EventLink>)[];
  }[];
  readonly signOff:
    | ({
        at: string;
        signerName: string | null;
        followsPathway: boolean | null;
        deviationReason: string | null;
        deviationText: string | null;
        round: number | null;
        attendance: { name: string; specialty: Specialty | null }[];
        quorum: { required: Specialty[]; present: Specialty[]; missing: Specialty[]; quorate: boolean };
      } & Partial<EventLink>)
    | null;
  readonly implementation:
    | ({
        status: string;
        reason: string | null;
        text: string | null;
        recordedAt: string | null;
        actorName: string | null;
      } & Partial<EventLink>)
    | null;
  readonly treatmentEvents: {
    id: string;
    kind: string;
    status: string;
    startDate: string;
    endDate: string | null;
    regimens: string[];
    recordedByName: string | null;
    events: EventLink[];
  }[];
  readonly lines: ProvenanceLine[];
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function linkOf(event: ProvenanceEvent): EventLink {
  return {
    eventId: event.id,
    leafIndex: event.leafIndex?.toString() ?? null,
    proofPath: `/audit/events/${event.id}/proof`,
  };
}

const day = (date: Date): string => date.toISOString().slice(0, 10);
const CHOICE_WORDS: Record<string, string> = {
  APPROVE: 'approve',
  APPROVE_WITH_CHANGES: 'approve with changes',
  REJECT: 'reject',
  ABSTAIN: 'abstain',
};
const words = (code: string): string => code.replace(/[_.-]+/g, ' ').toLowerCase();

/** The proposal's changes between two versions, path by path (microdiff). */
export function proposalDiff(before: unknown, after: unknown): DiffEntry[] {
  const old = record(before);
  const next = record(after);
  return diff(old, next).map((entry) => ({
    path: entry.path.join('.'),
    change: entry.type === 'CREATE' ? 'added' : entry.type === 'REMOVE' ? 'removed' : 'changed',
    ...(entry.type === 'CREATE' ? {} : { old: entry.oldValue as unknown }),
    ...(entry.type === 'REMOVE' ? {} : { new: entry.value as unknown }),
  }));
}

/**
 * A recommendation's provenance (issue 21): the facts snapshot it was drafted from, each draft
 * version of the case, the proposal edits as diffs, the overrides with their reasons, every vote
 * round, the attendance and quorum at the moment of sign-off (replayed from the check-in and
 * check-out events before it), the signer and deviation, the implementation and the treatment
 * events. Each line names its audit event and where to ask for its inclusion proof.
 */
export function buildProvenance(source: ProvenanceSource, now: Date): Provenance {
  const { recommendation: rec, caseRow, patient, meeting, users } = source;
  const nameOf = (id: string | null | undefined): string | null => (id ? (users.get(id)?.name ?? null) : null);
  const lines: ProvenanceLine[] = [];
  const line = (event: ProvenanceEvent, kind: ProvenanceKind, summary: string): void => {
    lines.push({
      at: event.recordedAt.toISOString(),
      kind,
      actorName: event.actorUserId ? nameOf(event.actorUserId) : 'system',
      summary,
      ...linkOf(event),
    });
  };
  const draftIds = new Map(source.drafts.map((draft) => [draft.id, draft]));
  const draftEvents = new Map<string, ProvenanceEvent>();
  const voteEvents = new Map<string, ProvenanceEvent>();
  const proposals: Provenance['proposals'][number][] = [];
  const overrides: Provenance['overrides'][number][] = [];
  const treatmentEvents = new Map<string, EventLink[]>();
  let signOffEvent: ProvenanceEvent | undefined;
  let implementationEvent: ProvenanceEvent | undefined;
  /** Who is checked in to the meeting as the events are replayed; frozen at the sign-off. */
  const present = new Map<string, Specialty | null>();
  let presentAtSignOff: Map<string, Specialty | null> | undefined;

  for (const event of source.events) {
    const detail = record(event.detail);
    const changes = record(event.changes);
    const aboutThis = event.entityType === 'recommendation' && event.entityId === rec.id;
    switch (event.type) {
      case 'recommendation.draft': {
        const draft = event.entityId ? draftIds.get(event.entityId) : undefined;
        if (!draft) break;
        draftEvents.set(draft.id, event);
        line(
          event,
          'draft',
          `drafted recommendation v${draft.draftVersion} (pathway ${draft.pathwayVersion}, branch ${draft.primaryBranch})${draft.id === rec.id ? '' : ' (another version of this case)'}`,
        );
        break;
      }
      case 'recommendation.propose': {
        if (!aboutThis) break;
        const plan = record(changes.proposedPlan);
        const round = record(changes.round);
        const entries = proposalDiff(plan.old, plan.new);
        proposals.push({
          at: event.recordedAt.toISOString(),
          actorName: nameOf(event.actorUserId),
          round: typeof round.new === 'number' ? round.new : null,
          changes: entries,
          ...linkOf(event),
        });
        line(
          event,
          'proposal',
          `edited the proposal (${entries.length} change${entries.length === 1 ? '' : 's'}${typeof round.new === 'number' ? `, voting round ${round.new}` : ''}): ${entries.map((entry) => entry.path).join(', ') || 'no field changed'}`,
        );
        break;
      }
      case 'recommendation.override': {
        if (!aboutThis) break;
        const code = String(detail.code ?? '?');
        const reason = String(detail.reason ?? '');
        overrides.push({
          at: event.recordedAt.toISOString(),
          actorName: nameOf(event.actorUserId),
          code,
          reason,
          ...linkOf(event),
        });
        line(event, 'override', `overrode finding ${code}: "${reason}"`);
        break;
      }
      case 'vote.cast': {
        if (detail.recommendationId !== rec.id) break;
        if (event.entityId) voteEvents.set(event.entityId, event);
        line(
          event,
          'vote',
          `voted ${CHOICE_WORDS[String(detail.choice)] ?? words(String(detail.choice))} in round ${String(detail.round ?? '?')}`,
        );
        break;
      }
      case 'meeting.attendance.check-in':
      case 'meeting.attendance.check-out': {
        const userId = typeof detail.userId === 'string' ? detail.userId : null;
        if (!userId) break;
        const checkIn = event.type.endsWith('check-in');
        if (checkIn)
          present.set(
            userId,
            (detail.specialty as Specialty | null | undefined) ?? users.get(userId)?.specialty ?? null,
          );
        else present.delete(userId);
        if (!signOffEvent)
          line(
            event,
            'attendance',
            `${checkIn ? 'checked in' : 'checked out'} ${nameOf(userId) ?? 'a user'}${checkIn && detail.specialty ? ` (${words(String(detail.specialty))})` : ''}`,
          );
        break;
      }
      case 'recommendation.sign-off': {
        if (!aboutThis) break;
        signOffEvent = event;
        presentAtSignOff = new Map(present);
        line(
          event,
          'sign-off',
          `signed off recommendation v${rec.draftVersion}${detail.followsPathway === false ? `, deviating from the pathway (${words(String(detail.deviationReason ?? 'no reason'))})` : ', following the pathway'}`,
        );
        break;
      }
      case 'recommendation.implementation': {
        if (!aboutThis) break;
        implementationEvent = event;
        line(
          event,
          'implementation',
          `recorded the implementation as ${words(String(record(changes.implementationStatus).new ?? '?'))}`,
        );
        break;
      }
      case 'treatment-event.record': {
        if (event.entityId)
          treatmentEvents.set(event.entityId, [...(treatmentEvents.get(event.entityId) ?? []), linkOf(event)]);
        line(
          event,
          'treatment',
          `${event.action === 'C' ? 'recorded' : 'updated'} a ${words(String(detail.kind ?? 'treatment'))} treatment event (${words(String(detail.status ?? '?'))})`,
        );
        break;
      }
      case 'case.status': {
        const status = record(changes.status);
        line(
          event,
          'status',
          `case moved from ${words(String(status.old ?? '?'))} to ${words(String(status.new ?? '?'))}`,
        );
        break;
      }
      default:
        break;
    }
  }

  const rounds = new Map<number, Provenance['rounds'][number]['votes']>();
  for (const vote of source.votes) {
    const event = voteEvents.get(vote.id);
    rounds.set(vote.round, [
      ...(rounds.get(vote.round) ?? []),
      {
        voterName: nameOf(vote.voterId) ?? 'unknown user',
        specialty: vote.specialty,
        choice: vote.choice,
        comment: vote.comment,
        at: vote.createdAt.toISOString(),
        ...(event ? linkOf(event) : {}),
      },
    ]);
  }

  const attendance = [...(presentAtSignOff ?? new Map<string, Specialty | null>()).entries()].map(
    ([userId, specialty]) => ({ name: nameOf(userId) ?? 'unknown user', specialty }),
  );
  const quorum = quorumOf(meeting?.requiredSpecialties ?? [], attendance);
  const signOffDetail = record(signOffEvent?.detail);

  return {
    format: 'consilium-provenance/v1',
    generatedAt: now.toISOString(),
    recommendation: {
      id: rec.id,
      draftVersion: rec.draftVersion,
      status: rec.status,
      pathwayId: rec.pathwayId,
      pathwayVersion: rec.pathwayVersion,
      primaryBranch: rec.primaryBranch,
      round: rec.round,
      createdAt: rec.createdAt.toISOString(),
    },
    case: {
      id: caseRow.id,
      reference: caseRow.reference,
      patientName: `${patient.givenName} ${patient.familyName}`,
      mrn: patient.mrn,
    },
    meeting: meeting ? { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt.toISOString() } : null,
    factsSnapshot: rec.factsSnapshot,
    drafts: source.drafts.map((draft) => {
      const event = draftEvents.get(draft.id);
      return {
        id: draft.id,
        draftVersion: draft.draftVersion,
        status: draft.status,
        pathwayVersion: draft.pathwayVersion,
        primaryBranch: draft.primaryBranch,
        createdAt: draft.createdAt.toISOString(),
        current: draft.id === rec.id,
        ...(event ? linkOf(event) : {}),
      };
    }),
    proposals,
    overrides,
    rounds: [...rounds.entries()].sort(([a], [b]) => a - b).map(([round, votes]) => ({ round, votes })),
    signOff:
      rec.signedOffAt || signOffEvent
        ? {
            at: (rec.signedOffAt ?? signOffEvent?.recordedAt ?? now).toISOString(),
            signerName: nameOf(rec.signedOffById ?? signOffEvent?.actorUserId),
            followsPathway: rec.followsPathway,
            deviationReason: rec.deviationReason,
            deviationText: rec.deviationText,
            round: typeof signOffDetail.round === 'number' ? signOffDetail.round : null,
            attendance,
            quorum: {
              required: quorum.requiredSpecialties,
              present: quorum.presentSpecialties,
              missing: quorum.missingSpecialties,
              quorate: quorum.quorate,
            },
            ...(signOffEvent ? linkOf(signOffEvent) : {}),
          }
        : null,
    implementation:
      rec.implementationStatus || implementationEvent
        ? {
            status:
              rec.implementationStatus ??
              String(record(record(implementationEvent?.changes).implementationStatus).new ?? 'unknown'),
            reason: rec.implementationReason,
            text: rec.implementationText,
            recordedAt: rec.implementationRecordedAt?.toISOString() ?? null,
            actorName: nameOf(implementationEvent?.actorUserId),
            ...(implementationEvent ? linkOf(implementationEvent) : {}),
          }
        : null,
    treatmentEvents: source.treatmentEvents.map((treatment) => ({
      id: treatment.id,
      kind: treatment.kind,
      status: treatment.status,
      startDate: day(treatment.startDate),
      endDate: treatment.endDate ? day(treatment.endDate) : null,
      regimens: treatment.regimens,
      recordedByName: nameOf(treatment.recordedById),
      events: treatmentEvents.get(treatment.id) ?? [],
    })),
    lines,
  };
}
