import type { Specialty } from '@prisma/client';
import { factLines } from './provenance-pdf';
import { buildProvenance, proposalDiff } from './provenance';
import type { ProvenanceEvent, ProvenanceSource } from './provenance.repository';

describe('proposalDiff', () => {
  it.each([
    ['an added step', { steps: ['a'] }, { steps: ['a', 'b'] }, [{ path: 'steps.1', change: 'added', new: 'b' }]],
    [
      'a removed regimen',
      { regimens: ['FOLFOX', 'BEVACIZUMAB'] },
      { regimens: ['FOLFOX'] },
      [{ path: 'regimens.1', change: 'removed', old: 'BEVACIZUMAB' }],
    ],
    [
      'a changed intent',
      { intent: 'curative' },
      { intent: 'palliative' },
      [{ path: 'intent', change: 'changed', old: 'curative', new: 'palliative' }],
    ],
    [
      'the first proposal (nothing before)',
      null,
      { intent: 'curative' },
      [{ path: 'intent', change: 'added', new: 'curative' }],
    ],
    ['no change', { intent: 'curative' }, { intent: 'curative' }, []],
  ])('diffs %s', (_name, before, after, expected) => {
    expect(proposalDiff(before, after)).toEqual(expected);
  });
});

describe('factLines', () => {
  it('flattens any shape to path: value lines', () => {
    expect(
      factLines({
        tCategory: 'T3',
        metastases: [{ site: 'LIVER', count: 2 }],
        comorbidities: [],
        ecog: null,
        biomarkers: { kras: 'wild-type' },
      }),
    ).toEqual([
      'tCategory: T3',
      'metastases.0.site: LIVER',
      'metastases.0.count: 2',
      'comorbidities: (none)',
      'ecog: —',
      'biomarkers.kras: wild-type',
    ]);
  });
});

describe('buildProvenance', () => {
  const REC = 'a0000000-0000-4000-8000-000000000001';
  const at = (minute: number): Date => new Date(Date.UTC(2026, 11, 1, 8, minute));
  let seq = 0n;
  const event = (minute: number, type: string, fields: Partial<ProvenanceEvent> = {}): ProvenanceEvent => {
    seq += 1n;
    return {
      id: `e${seq}`,
      seq,
      recordedAt: at(minute),
      action: 'C',
      type,
      actorUserId: 'chair',
      entityType: 'meeting',
      entityId: 'm1',
      changes: null,
      detail: null,
      outcome: 'SUCCESS',
      leafIndex: seq,
      ...fields,
    };
  };
  const users = new Map<string, { name: string; email: string; specialty: Specialty | null }>([
    ['chair', { name: 'Dr. Chair', email: 'c@x', specialty: 'MEDICAL_ONCOLOGY' }],
    ['surgeon', { name: 'Dr. Cut', email: 's@x', specialty: 'COLORECTAL_SURGERY' }],
    ['late', { name: 'Dr. Late', email: 'l@x', specialty: 'PATHOLOGY' }],
  ]);
  const source = (events: ProvenanceEvent[]): ProvenanceSource => ({
    recommendation: {
      id: REC,
      caseId: 'c1',
      meetingId: 'm1',
      draftVersion: 1,
      pathwayId: 'p',
      pathwayVersion: '1',
      primaryBranch: 'b',
      factsSnapshot: { tCategory: 'T3' },
      draftPlan: {},
      proposedPlan: {},
      overrides: [],
      status: 'SIGNED_OFF',
      round: 1,
      followsPathway: true,
      deviationReason: null,
      deviationText: null,
      signedOffById: 'chair',
      signedOffAt: at(30),
      implementationStatus: null,
      implementationReason: null,
      implementationText: null,
      implementationRecordedAt: null,
      createdAt: at(0),
    },
    caseRow: { id: 'c1', reference: 'CRC-1', boardId: 'b1', patientId: 'p1' },
    patient: { givenName: 'Maria', familyName: 'Example', mrn: 'M1' },
    meeting: {
      id: 'm1',
      title: 'MDT',
      startsAt: at(0),
      requiredSpecialties: ['MEDICAL_ONCOLOGY', 'COLORECTAL_SURGERY', 'PATHOLOGY'],
      chairId: 'chair',
    },
    drafts: [
      { id: REC, draftVersion: 1, status: 'SIGNED_OFF', pathwayVersion: '1', primaryBranch: 'b', createdAt: at(0) },
    ],
    votes: [],
    treatmentEvents: [],
    events,
    users,
  });

  it('counts attendance and quorum as they were at the sign-off: a check-out before it counts, a check-in after it does not', () => {
    const provenance = buildProvenance(
      source([
        event(1, 'meeting.attendance.check-in', { detail: { userId: 'chair', specialty: 'MEDICAL_ONCOLOGY' } }),
        event(2, 'meeting.attendance.check-in', { detail: { userId: 'surgeon', specialty: 'COLORECTAL_SURGERY' } }),
        event(3, 'meeting.attendance.check-in', { detail: { userId: 'late', specialty: 'PATHOLOGY' } }),
        event(4, 'meeting.attendance.check-out', { action: 'D', detail: { userId: 'late' } }),
        event(30, 'recommendation.sign-off', {
          action: 'E',
          entityType: 'recommendation',
          entityId: REC,
          detail: { followsPathway: true, round: 1 },
        }),
        event(31, 'meeting.attendance.check-in', { detail: { userId: 'late', specialty: 'PATHOLOGY' } }),
      ]),
      at(59),
    );
    expect(provenance.signOff).toMatchObject({
      signerName: 'Dr. Chair',
      round: 1,
      quorum: { quorate: false, missing: ['PATHOLOGY'] },
      eventId: 'e5',
      leafIndex: '5',
      proofPath: '/audit/events/e5/proof',
    });
    expect(provenance.signOff?.attendance.map((attendee) => attendee.name)).toEqual(['Dr. Chair', 'Dr. Cut']);
    expect(provenance.lines.map((line) => line.kind)).toEqual([
      'attendance',
      'attendance',
      'attendance',
      'attendance',
      'sign-off',
    ]);
  });

  it("keeps only this recommendation's proposal edits and votes, with their diffs", () => {
    const other = 'a0000000-0000-4000-8000-000000000002';
    const provenance = buildProvenance(
      source([
        event(5, 'recommendation.propose', {
          action: 'U',
          entityType: 'recommendation',
          entityId: REC,
          changes: { proposedPlan: { old: null, new: { intent: 'curative' } }, round: { old: 1, new: 1 } },
        }),
        event(6, 'recommendation.propose', {
          action: 'U',
          entityType: 'recommendation',
          entityId: other,
          changes: { proposedPlan: { old: null, new: { intent: 'palliative' } } },
        }),
        event(7, 'vote.cast', {
          entityType: 'vote',
          entityId: 'v1',
          actorUserId: 'surgeon',
          detail: { recommendationId: REC, round: 1, choice: 'APPROVE' },
        }),
        event(8, 'vote.cast', {
          entityType: 'vote',
          entityId: 'v2',
          actorUserId: 'surgeon',
          detail: { recommendationId: other, round: 1, choice: 'REJECT' },
        }),
      ]),
      at(59),
    );
    expect(provenance.proposals).toEqual([
      expect.objectContaining({
        actorName: 'Dr. Chair',
        round: 1,
        changes: [{ path: 'intent', change: 'added', new: 'curative' }],
      }),
    ]);
    expect(provenance.lines.map((line) => `${line.actorName}: ${line.summary}`)).toEqual([
      'Dr. Chair: edited the proposal (1 change, voting round 1): intent',
      'Dr. Cut: voted approve in round 1',
    ]);
  });
});
