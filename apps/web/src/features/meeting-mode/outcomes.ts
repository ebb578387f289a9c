export type Outcome = 'DEFERRED' | 'MORE_INFORMATION' | 'REFERRED_ELSEWHERE';

export const OUTCOMES: { value: Outcome; label: string; detail: string }[] = [
  { value: 'DEFERRED', label: 'Deferred to a later meeting', detail: 'What is missing' },
  { value: 'MORE_INFORMATION', label: 'More information requested', detail: 'What the board asks for' },
  { value: 'REFERRED_ELSEWHERE', label: 'Referred elsewhere', detail: 'Referred to (centre, team or board)' },
];

export function outcomeLabel(outcome: string): string {
  return OUTCOMES.find((candidate) => candidate.value === outcome)?.label ?? outcome;
}
