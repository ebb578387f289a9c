import type { Specialty, VoteChoice } from '@prisma/client';
import { tallyOf } from './tally';
import type { TallyRow } from './votes.repository';

const vote = (
  voter: string,
  choice: VoteChoice,
  specialty: Specialty | null = 'MEDICAL_ONCOLOGY',
): TallyRow['votes'][number] => ({
  voter_id: `id-${voter}`,
  voter,
  specialty,
  choice,
  comment: null,
  created_at: '2026-03-02T09:15:00.123+00:00',
});

const row = (overrides: Partial<TallyRow> = {}): TallyRow => ({
  round: 1,
  meeting_id: 'meeting-1',
  consensus_numerator: 2,
  consensus_denominator: 3,
  required: ['COLORECTAL_SURGERY', 'RADIOLOGY'],
  votes: [],
  present: ['RADIOLOGY', 'COLORECTAL_SURGERY'],
  ...overrides,
});

describe(tallyOf.name, () => {
  it('counts each choice and applies the board consensus rule to the non-abstaining votes', () => {
    const tally = tallyOf(
      row({
        votes: [vote('A', 'APPROVE'), vote('B', 'APPROVE_WITH_CHANGES'), vote('C', 'REJECT'), vote('D', 'ABSTAIN')],
      }),
    );
    expect(tally).toMatchObject({ approve: 1, approveWithChanges: 1, reject: 1, abstain: 1, consensus: true });
  });

  it.each<[string, Partial<TallyRow>, boolean, Specialty[]]>([
    ['every required specialty in the room', {}, true, []],
    ['one required specialty missing', { present: ['RADIOLOGY', null] }, false, ['COLORECTAL_SURGERY']],
    [
      'missing specialties in the schema order',
      { required: ['RADIOLOGY', 'COLORECTAL_SURGERY'], present: [] },
      false,
      ['COLORECTAL_SURGERY', 'RADIOLOGY'],
    ],
    ['not yet put to a meeting', { meeting_id: null, required: null, present: [] }, false, []],
  ])('quorum: %s', (_name, overrides, quorate, missing) => {
    expect(tallyOf(row(overrides))).toMatchObject({ quorate, missingSpecialties: missing });
  });

  it('lists the votes in the order given, with their time as ISO 8601 UTC', () => {
    const tally = tallyOf(row({ round: 2, votes: [vote('B', 'REJECT', null), vote('A', 'APPROVE')] }));
    expect(tally.round).toBe(2);
    expect(tally.consensus).toBe(false);
    expect(tally.votes).toEqual([
      { voterId: 'id-B', voter: 'B', specialty: null, choice: 'REJECT', comment: null, at: '2026-03-02T09:15:00.123Z' },
      {
        voterId: 'id-A',
        voter: 'A',
        specialty: 'MEDICAL_ONCOLOGY',
        choice: 'APPROVE',
        comment: null,
        at: '2026-03-02T09:15:00.123Z',
      },
    ]);
  });
});
