import { boardMilestoneCode, boardPlanMilestones, validateBoardPlan, type BoardPlan } from './board-plan';

/** A lung case no pathway covers: SBRT, then CT follow-up. */
const lungPlan = {
  intent: 'curative',
  modalities: ['radiotherapy', 'surveillance'],
  regimens: [{ code: 'SBRT', text: '54 Gy in 3 fractions' }, { text: 'trial NCT-0000 if eligible' }],
  steps: [
    { modality: 'radiotherapy', description: 'SBRT to the right upper lobe lesion' },
    { modality: 'surveillance', description: 'CT chest every 6 months for 2 years' },
  ],
  milestones: [
    { key: 'sbrt-start', label: 'SBRT planning CT', dueDate: '2026-12-07' },
    { key: 'ct-6-months', label: 'CT chest 6 months after SBRT', anchor: 'treatmentEnd', offsetDays: 182 },
    { key: 'review', label: 'Board review', anchor: 'decision', offsetDays: 28 },
  ],
};

function valid(input: unknown): BoardPlan {
  const result = validateBoardPlan(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.facts;
}

describe(validateBoardPlan.name, () => {
  it('accepts a coded and free-text plan, filling omitted parts', () => {
    expect(valid(lungPlan)).toMatchObject({
      intent: 'curative',
      notes: null,
      regimens: [{ code: 'SBRT' }, { code: null, text: 'trial NCT-0000 if eligible' }],
    });
    expect(valid({ intent: 'palliative', modalities: ['best-supportive-care'] })).toEqual({
      intent: 'palliative',
      modalities: ['best-supportive-care'],
      regimens: [],
      steps: [],
      milestones: [],
      notes: null,
    });
  });

  const change = (patch: Record<string, unknown>): unknown => ({ ...lungPlan, ...patch });
  it.each([
    ['no intent', change({ intent: undefined }), ['intent']],
    ['intent "adjuvant"', change({ intent: 'adjuvant' }), ['intent']],
    ['no modality', change({ modalities: [] }), ['modalities']],
    ['an unknown modality', change({ modalities: ['surgery', 'hyperthermia'] }), ['modalities[1]']],
    ['a repeated modality', change({ modalities: ['surgery', 'surgery'] }), ['modalities[1]']],
    ['a regimen code not in the list', change({ regimens: [{ code: 'FOLFUX' }] }), ['regimens[0].code']],
    ['a regimen with neither code nor text', change({ regimens: [{ text: ' ' }] }), ['regimens[0]']],
    ['a step without description', change({ steps: [{ modality: 'surgery' }] }), ['steps[0].description']],
    [
      'a milestone with a bad key',
      change({ milestones: [{ key: 'CT 6m', label: 'CT', dueDate: '2027-01-01' }] }),
      ['milestones[0].key'],
    ],
    [
      'two milestones with one key',
      change({
        milestones: [
          { key: 'ct', label: 'CT', dueDate: '2027-01-01' },
          { key: 'ct', label: 'CT again', dueDate: '2027-07-01' },
        ],
      }),
      ['milestones[1].key'],
    ],
    [
      'a milestone without label',
      change({ milestones: [{ key: 'ct', dueDate: '2027-01-01' }] }),
      ['milestones[0].label'],
    ],
    [
      'an impossible due date',
      change({ milestones: [{ key: 'ct', label: 'CT', dueDate: '2027-02-29' }] }),
      ['milestones[0].dueDate'],
    ],
    [
      'both a date and an offset',
      change({ milestones: [{ key: 'ct', label: 'CT', dueDate: '2027-01-01', anchor: 'decision', offsetDays: 1 }] }),
      ['milestones[0]'],
    ],
    ['neither a date nor an offset', change({ milestones: [{ key: 'ct', label: 'CT' }] }), ['milestones[0]']],
    [
      'an unknown anchor',
      change({ milestones: [{ key: 'ct', label: 'CT', anchor: 'birthday', offsetDays: 1 }] }),
      ['milestones[0].anchor'],
    ],
    [
      'a fractional offset',
      change({ milestones: [{ key: 'ct', label: 'CT', anchor: 'surgery', offsetDays: 1.5 }] }),
      ['milestones[0].offsetDays'],
    ],
    [
      'an offset beyond ten years',
      change({ milestones: [{ key: 'ct', label: 'CT', anchor: 'surgery', offsetDays: 3654 }] }),
      ['milestones[0].offsetDays'],
    ],
    ['a server-owned field', change({ status: 'signed-off' }), ['status']],
  ])('names the field for %s', (_name, input, fields) => {
    const result = validateBoardPlan(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((problem) => problem.field)).toEqual(fields);
  });
});

describe(boardPlanMilestones.name, () => {
  const plan = valid(lungPlan);

  it('dates fixed milestones at once and offset milestones once their anchor is known', () => {
    expect(boardPlanMilestones(plan, { decision: '2026-11-30' })).toEqual([
      expect.objectContaining({
        code: 'BOARD_SBRT_START',
        status: 'scheduled',
        anchor: 'fixedDate',
        dueDate: '2026-12-07',
        description: 'SBRT planning CT',
      }),
      expect.objectContaining({
        code: 'BOARD_CT_6_MONTHS',
        status: 'pending',
        anchor: 'treatmentEnd',
        missingAnchor: 'treatmentEnd',
      }),
      expect.objectContaining({ code: 'BOARD_REVIEW', status: 'scheduled', anchor: 'decision', dueDate: '2026-12-28' }),
    ]);
  });

  it.each([
    ['2026-12-20', '2027-06-20'],
    ['2027-02-28', '2027-08-29'],
    ['2028-02-29', '2028-08-29'],
  ])('treatment end %s + 182 days -> %s', (end, due) => {
    expect(boardPlanMilestones(plan, { treatmentEnd: end })[1]).toMatchObject({ status: 'scheduled', dueDate: due });
  });

  it('cites the board, not a guideline', () => {
    expect(boardPlanMilestones(plan, {})[0]?.citation).toEqual({
      kind: 'board',
      source: 'Tumour board decision',
      section: 'board-authored plan',
    });
  });

  it('keeps a milestone code stable when others are added before it', () => {
    const edited = valid({
      ...lungPlan,
      milestones: [{ key: 'pft', label: 'Lung function', dueDate: '2026-12-01' }, ...lungPlan.milestones],
    });
    expect(boardPlanMilestones(edited, {}).map((m) => m.code)).toEqual([
      'BOARD_PFT',
      'BOARD_SBRT_START',
      'BOARD_CT_6_MONTHS',
      'BOARD_REVIEW',
    ]);
    expect(boardMilestoneCode('ct-6-months')).toBe('BOARD_CT_6_MONTHS');
  });
});

describe('validateBoardPlan on hostile values (found by the property test, seed -547599236)', () => {
  it('names a dueDate object whose toString is not a function, and never throws', () => {
    const result = validateBoardPlan({
      intent: 'curative',
      modalities: ['surgery'],
      milestones: [{ key: 'ct', label: 'CT', dueDate: { toString: [] } }],
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((problem) => problem.field)).toContain('milestones[0].dueDate');
  });
});
