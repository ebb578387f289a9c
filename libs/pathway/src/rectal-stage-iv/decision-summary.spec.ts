import { renderDecisionSummary, type BoardDecision } from './decision-summary';

const decision = (overrides: Partial<BoardDecision> = {}): BoardDecision => ({
  meetingDate: '2026-12-03',
  meetingTitle: 'Colorectal MDT',
  signedBy: 'Dr. Oncologist',
  signedAt: '2026-12-03T17:12:00.000Z',
  round: 3,
  votes: [
    { voter: 'Dr. Surgeon', specialty: 'COLORECTAL_SURGERY', choice: 'APPROVE', comment: null },
    { voter: 'Dr. Radiologist', specialty: 'RADIOLOGY', choice: 'APPROVE_WITH_CHANGES', comment: 'MRI liver first' },
    { voter: 'Dr. Pathologist', specialty: 'PATHOLOGY', choice: 'REJECT', comment: 'Prefer chemotherapy first' },
    { voter: 'Dr. Radiotherapist', specialty: null, choice: 'ABSTAIN', comment: null },
  ],
  pathwayBranch: 'resectable-oligometastatic',
  followsPathway: false,
  deviation: { reason: 'PATIENT_PREFERENCE', text: 'Declines radiotherapy' },
  overrides: [],
  plan: {
    branch: 'conversion-chemo-first',
    intent: 'curative',
    steps: ['FOLFOX + panitumumab', 'Re-evaluate at 2 and 4 months'],
    regimens: ['FOLFOX', 'PANITUMUMAB'],
    rationale: 'Patient declines radiotherapy',
  },
  ...overrides,
});

describe(renderDecisionSummary.name, () => {
  it('reads as the board decision: meeting date, signer and time, votes by name, deviation, the plan signed', () => {
    const text = renderDecisionSummary(decision());
    expect(text).toContain('# Board decision of 2026-12-03');
    expect(text).toContain('Signed off by Dr. Oncologist at 2026-12-03T17:12:00.000Z (voting round 3).');
    expect(text).toContain('**Decided:** Conversion, chemotherapy first');
    expect(text).toContain('**Departs from the pathway** (which proposed Resectable oligometastatic');
    expect(text).toContain('PATIENT_PREFERENCE: Declines radiotherapy');
    expect(text).toContain('1 for, 1 for with changes, 1 against, 1 abstaining');
    expect(text).toContain('- against: Dr. Pathologist (PATHOLOGY): "Prefer chemotherapy first"');
    expect(text).toContain(
      '1. FOLFOX + panitumumab\n2. Re-evaluate at 2 and 4 months\n- Regimens: FOLFOX, PANITUMUMAB',
    );
    expect(text).not.toMatch(/DRAFT|nothing here is signed off/);
  });

  it.each<[string, Partial<BoardDecision>, string, string | null]>([
    [
      'on the pathway',
      { followsPathway: true, deviation: null },
      "**Pathway:** follows the pathway's primary branch.",
      'Departs',
    ],
    [
      'with overridden findings',
      { overrides: [{ code: 'BEVACIZUMAB_WITH_ANTI_EGFR', reason: 'Trial protocol, approved by the board' }] },
      '## Findings overridden\n- `BEVACIZUMAB_WITH_ANTI_EGFR`: Trial protocol',
      null,
    ],
    [
      'with a deferred systemic start',
      { plan: { ...decision().plan, systemicDelayReason: 'awaiting liver MRI' } },
      '- Systemic therapy deferred: awaiting liver MRI',
      null,
    ],
  ])('%s', (_label, overrides, shown, absent) => {
    const text = renderDecisionSummary(decision(overrides));
    expect(text).toContain(shown);
    if (absent !== null) expect(text).not.toContain(absent);
  });
});
