import { describe, expect, it } from 'vitest';
import type { Meeting, Tally } from '../../types';
import { signOffMissing, tallyMessages } from './tally-messages';
import type { RecommendationDetail } from './types';

const tally = (over: Partial<Tally> = {}): Tally => ({
  round: 1,
  approve: 0,
  approveWithChanges: 0,
  reject: 0,
  abstain: 0,
  consensus: false,
  quorate: false,
  missingSpecialties: [],
  votes: [],
  ...over,
});

describe(tallyMessages.name, () => {
  it.each<[string, Tally, string, RegExp, RegExp]>([
    [
      'a draft: nothing to count, no quorum verdict',
      tally({ missingSpecialties: [] }),
      'DRAFT',
      /^Quorum is checked when the board votes\.$/,
      /^No proposal yet/,
    ],
    [
      'no votes yet, specialties missing',
      tally({ missingSpecialties: ['RADIOLOGY', 'PATHOLOGY'] }),
      'PROPOSED',
      /^✖ Not quorate: Radiology, Pathology missing\.$/,
      /^No votes counted yet/,
    ],
    [
      'approvals without quorum are not a decision',
      tally({ approve: 1, consensus: true, missingSpecialties: ['RADIOLOGY'] }),
      'PROPOSED',
      /^✖ Not quorate/,
      /meet the board's rule, but without quorum the board cannot decide/,
    ],
    [
      'below the rule',
      tally({ approve: 1, reject: 2, quorate: true }),
      'PROPOSED',
      /^✓ Quorate/,
      /^✖ No consensus yet: 1 of 3 counted votes approve/,
    ],
    [
      'consensus with quorum',
      tally({ approve: 2, approveWithChanges: 1, consensus: true, quorate: true }),
      'PROPOSED',
      /^✓ Quorate/,
      /^✓ Consensus: 3 of 3 counted votes approve\.$/,
    ],
  ])('%s', (_name, given, status, quorum, consensus) => {
    const messages = tallyMessages(given, status);
    expect(messages.quorum).toMatch(quorum);
    expect(messages.consensus).toMatch(consensus);
    // Never "not quorate (missing: none)".
    expect(messages.quorum).not.toMatch(/missing: none|: +missing/);
  });
});

describe(signOffMissing.name, () => {
  const meeting = { votingOpen: true } as Meeting;
  const proposed = {
    status: 'PROPOSED',
    proposedPlan: { branch: 'x' },
    overrides: [{ code: 'B1' }],
    findings: [
      { code: 'B1', severity: 'block' },
      { code: 'B2', severity: 'block' },
      { code: 'W', severity: 'warn' },
    ],
  } as unknown as RecommendationDetail;

  it('lists every refusal the API would give, in words', () => {
    expect(
      signOffMissing(proposed, tally({ missingSpecialties: ['RADIOLOGY'] }), { votingOpen: false } as Meeting),
    ).toEqual([
      'an open vote: the meeting in progress, or a voting window',
      'quorum: Radiology to check in',
      "consensus: approvals meeting the board's rule",
      'an override with a reason for each block finding: B2',
    ]);
  });

  it('is empty when the API would accept the sign-off', () => {
    const clear = { ...proposed, overrides: [{ code: 'B1' }, { code: 'B2' }] } as unknown as RecommendationDetail;
    expect(signOffMissing(clear, tally({ quorate: true, consensus: true }), meeting)).toEqual([]);
  });

  it('asks for a proposal first on a draft', () => {
    expect(
      signOffMissing(
        { ...proposed, status: 'DRAFT', proposedPlan: null } as unknown as RecommendationDetail,
        tally({ quorate: true, consensus: true }),
        meeting,
      )[0],
    ).toBe('a saved proposal (the chair saves one)');
  });
});
