export type Role = 'COORDINATOR' | 'CLINICIAN' | 'AUDITOR' | 'ADMIN';

export interface Me {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  specialty: string | null;
  allBoardsAccess: boolean;
  boardIds: string[];
}

export interface ReadinessItem {
  code: string;
  field: string;
  message: string;
}

export interface Readiness {
  ready: boolean;
  missing: ReadinessItem[];
}

export interface CaseSummary {
  id: string;
  reference: string;
  boardId: string;
  status: string;
  patientName: string;
  mrn: string;
  questionForBoard: string | null;
  referredAt: string;
  readiness: Readiness;
}

export interface Meeting {
  id: string;
  boardId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  location: string | null;
  status: string;
  chairId: string | null;
  chairName: string | null;
  agendaItemCount: number;
}

export interface AgendaEntry {
  item: { id: string; caseId: string; caseReference: string; position: number; minutesAllotted: number; presenter: { id: string; displayName: string } | null };
  case: { id: string; reference: string; status: string; questionForBoard: string | null; lastImagingDate: string | null };
  patient: { id: string; name: string; mrn: string; birthDate: string };
  facts: Record<string, unknown>;
  readiness: Readiness;
  draftPlan: { recommendationId: string; draftVersion: number; status: string; primaryBranch: string; summary: string | null } | null;
}

export interface Agenda {
  meeting: Meeting;
  items: AgendaEntry[];
  totals: { items: number; minutesAllotted: number; meetingDurationMinutes: number; overrunMinutes: number };
}

export interface Finding {
  code: string;
  severity: string;
  message: string;
}

export interface Recommendation {
  id: string;
  status: string;
  round: number;
  primaryBranch: string;
  proposedPlan: { branch?: string } | null;
  findings: Finding[];
  summary: string;
  followsPathway: boolean | null;
  deviationReason: string | null;
  deviationText: string | null;
  signedOffAt: string | null;
}

export interface CaseDetail extends CaseSummary {
  patientId: string;
  birthDate: string;
  version: number;
  lastImagingDate: string | null;
  facts: Record<string, unknown>;
}

export interface Board {
  id: string;
  name: string;
}

export interface Tally {
  round: number;
  approve: number;
  approveWithChanges: number;
  reject: number;
  abstain: number;
  consensus: boolean;
  quorate: boolean;
  missingSpecialties: string[];
  votes: { voterId: string; voter: string; specialty: string | null; choice: string; comment: string | null; at: string }[];
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface AuditEvent {
  id: string;
  seq: string;
  recordedAt: string;
  action: string;
  type: string;
  outcome: string;
  actorUserId: string | null;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
}

export interface AuditVerification {
  ok: boolean;
  leavesVerified: string;
  batchesVerified: number;
  checkpointsVerified: { database: number; external: number };
  rootHash: string;
  finding: { kind: string; [key: string]: unknown } | null;
  unsealedEvents: number;
  durationMs: number;
}

export interface BoardMember {
  userId: string;
  displayName: string;
  specialty: string | null;
  roles: string[];
}

export interface Attendee {
  userId: string;
  displayName: string;
  specialty: string | null;
  checkedInAt: string;
  checkedInById: string | null;
  leftAt: string | null;
}

export interface Attendance {
  attendees: Attendee[];
  quorum: { requiredSpecialties: string[]; presentSpecialties: string[]; missingSpecialties: string[]; quorate: boolean };
}

export interface DurationStats {
  count: number;
  medianDays: number | null;
  p90Days: number | null;
}

export interface BoardReport {
  boardId: string;
  from: string;
  to: string;
  concordance: { signedOff: number; followingPathway: number; share: number | null; departuresByReason: Record<string, number> };
  referralToDiscussion: DurationStats;
  discussionToTreatment: DurationStats;
  implementation: { yes: number; partly: number; no: number; notRecorded: number; rate: number | null };
}

/** GET /audit/events/:id/proof (libs/audit InclusionProof). */
export interface InclusionProof {
  format: string;
  event: Record<string, unknown> & { id: string; leafIndex: string };
  leafIndex: string;
  leafHash: string;
  treeSize: string;
  auditPath: string[];
  checkpoint: { treeSize: string; rootHash: string; signedAt: string; keyId: string; signature: string; note: string };
  publicKey: string;
}
