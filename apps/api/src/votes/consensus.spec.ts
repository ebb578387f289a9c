import type { VoteChoice } from '@prisma/client';
import { consensusReached } from './consensus';

const votes = (...choices: VoteChoice[]): { choice: VoteChoice }[] => choices.map((choice) => ({ choice }));

describe(consensusReached.name, () => {
  it.each<[string, { choice: VoteChoice }[], number, number, boolean]>([
    ['no votes', [], 2, 3, false],
    ['only abstentions', votes('ABSTAIN', 'ABSTAIN'), 1, 2, false],
    ['unanimous approval', votes('APPROVE', 'APPROVE'), 2, 3, true],
    ['approve with changes counts as approval', votes('APPROVE_WITH_CHANGES', 'APPROVE', 'REJECT'), 2, 3, true],
    ['exactly at the threshold', votes('APPROVE', 'APPROVE', 'REJECT'), 2, 3, true],
    ['just below the threshold', votes('APPROVE', 'REJECT'), 2, 3, false],
    ['abstentions are left out of the count', votes('APPROVE', 'APPROVE', 'REJECT', 'ABSTAIN', 'ABSTAIN'), 2, 3, true],
    ['a single rejection under unanimity', votes('APPROVE', 'APPROVE', 'APPROVE', 'REJECT'), 1, 1, false],
    ['simple majority with a tie', votes('APPROVE', 'REJECT'), 1, 2, true],
  ])('%s', (_name, cast, numerator, denominator, reached) => {
    expect(consensusReached(cast, numerator, denominator)).toBe(reached);
  });
});
