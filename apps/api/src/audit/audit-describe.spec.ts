import { describeEvent, namedIds, type AuditLookups } from './audit-describe';
import type { AuditEventView } from './dto/audit-query.dto';

const CASE = '11111111-1111-4111-8111-111111111111';
const PATIENT = '22222222-2222-4222-8222-222222222222';
const REC = '33333333-3333-4333-8333-333333333333';
const MEETING = '44444444-4444-4444-8444-444444444444';
const USER = '55555555-5555-4555-8555-555555555555';
const OTHER_USER = '66666666-6666-4666-8666-666666666666';

const lookups: AuditLookups = {
  users: new Map([
    [USER, { name: 'Cora Coordinator', email: 'cora@example.test' }],
    [OTHER_USER, { name: 'Dr. Sam Surgeon', email: 'sam@example.test' }],
  ]),
  cases: new Map([[CASE, { reference: 'CRC-2026-0001', patientId: PATIENT }]]),
  patients: new Map([[PATIENT, { name: 'Maria Example', mrn: 'MRN-1' }]]),
  recommendations: new Map([[REC, { caseId: CASE, draftVersion: 2 }]]),
  meetings: new Map([[MEETING, { title: 'Colorectal MDT', startsAt: new Date('2026-12-01T08:00:00Z') }]]),
};

function event(partial: Partial<AuditEventView>): AuditEventView {
  return {
    id: 'e',
    seq: '1',
    recordedAt: '2026-12-01T08:00:00.000Z',
    action: 'R',
    type: 'case.read',
    outcome: 'SUCCESS',
    outcomeDesc: null,
    actorUserId: USER,
    actorRoles: [],
    onBehalfOfId: null,
    sourceService: 'api',
    sourceInstance: 'test',
    networkAddress: null,
    userAgent: null,
    purposeOfUse: null,
    entityType: 'case',
    entityId: CASE,
    patientId: PATIENT,
    boardId: null,
    requestId: null,
    changes: null,
    detail: null,
    leafIndex: null,
    batchId: null,
    ...partial,
  };
}

describe('describeEvent', () => {
  it.each([
    ['a case view', event({}), 'viewed case CRC-2026-0001'],
    [
      'a case view in meeting mode',
      event({ detail: { screen: 'meeting-mode' } }),
      'viewed case CRC-2026-0001 in meeting mode',
    ],
    [
      'a case list',
      event({ type: 'case.list', entityId: null, patientId: null, detail: { count: 3 } }),
      'listed cases (3 shown)',
    ],
    [
      'a sign-off',
      event({
        action: 'E',
        type: 'recommendation.sign-off',
        entityType: 'recommendation',
        entityId: REC,
        detail: { followsPathway: true },
      }),
      'signed off recommendation v2 of case CRC-2026-0001',
    ],
    [
      'a deviating sign-off',
      event({
        action: 'E',
        type: 'recommendation.sign-off',
        entityType: 'recommendation',
        entityId: REC,
        detail: { followsPathway: false, deviationReason: 'PATIENT_PREFERENCE' },
      }),
      'signed off recommendation v2 of case CRC-2026-0001 (deviates from the pathway: patient preference)',
    ],
    [
      'a vote',
      event({
        action: 'C',
        type: 'vote.cast',
        entityType: 'vote',
        entityId: 'v',
        detail: { recommendationId: REC, round: 1, choice: 'APPROVE_WITH_CHANGES' },
      }),
      'voted approve with changes on recommendation v2 of case CRC-2026-0001 (round 1)',
    ],
    [
      'an agenda read in meeting mode',
      event({
        type: 'meeting.agenda.read',
        entityType: 'meeting',
        entityId: MEETING,
        detail: { caseIds: [CASE], screen: 'meeting-mode' },
      }),
      'opened meeting mode of meeting "Colorectal MDT" (2026-12-01) (1 cases)',
    ],
    [
      'a check-in of someone else',
      event({
        action: 'C',
        type: 'meeting.attendance.check-in',
        entityType: 'meeting',
        entityId: MEETING,
        detail: { userId: OTHER_USER },
      }),
      'checked Dr. Sam Surgeon in at meeting "Colorectal MDT" (2026-12-01)',
    ],
    [
      'a status change',
      event({ action: 'U', type: 'case.status', changes: { status: { old: 'READY', new: 'SCHEDULED' } } }),
      'moved case CRC-2026-0001 from ready to scheduled',
    ],
    [
      'a provenance view',
      event({
        type: 'recommendation.provenance',
        entityType: 'recommendation',
        entityId: REC,
        detail: { format: 'json' },
      }),
      'viewed the provenance of recommendation v2 of case CRC-2026-0001',
    ],
    [
      'a provenance PDF',
      event({
        type: 'recommendation.provenance',
        entityType: 'recommendation',
        entityId: REC,
        detail: { format: 'pdf' },
      }),
      'exported the provenance of recommendation v2 of case CRC-2026-0001 as PDF',
    ],
    [
      'an unknown type',
      event({ action: 'E', type: 'board.member-add', entityType: 'board', entityId: null, patientId: null }),
      'board member add',
    ],
    [
      'a failed login',
      event({
        action: 'E',
        type: 'auth.login',
        outcome: 'MINOR_FAILURE',
        entityType: 'user',
        entityId: USER,
        patientId: null,
      }),
      'failed to sign in',
    ],
  ])('describes %s in words', (_name, input, summary) => {
    expect(describeEvent(input, lookups).summary).toBe(summary);
  });

  it('names the actor, the case and the patient, and leaves out a patient the lookups do not hold', () => {
    expect(describeEvent(event({}), lookups)).toMatchObject({
      actorName: 'Cora Coordinator',
      actorEmail: 'cora@example.test',
      caseReference: 'CRC-2026-0001',
      patientName: 'Maria Example',
      entityLabel: 'case CRC-2026-0001',
    });
    const hidden = { ...lookups, patients: new Map() };
    expect(describeEvent(event({}), hidden).patientName).toBeNull();
    expect(describeEvent(event({ actorUserId: null }), lookups).actorName).toBe('system');
  });

  it('collects the ids a page names, by kind', () => {
    const ids = namedIds([
      event({}),
      event({
        type: 'vote.cast',
        entityType: 'vote',
        entityId: 'not-a-uuid',
        detail: { recommendationId: REC, meetingId: MEETING, userId: OTHER_USER },
      }),
    ]);
    expect(ids).toEqual({
      users: [USER, OTHER_USER],
      cases: [CASE],
      patients: [PATIENT],
      recommendations: [REC],
      meetings: [MEETING],
    });
  });
});
