import { PLAN_INTENTS, type BoardPlanAnchor } from '@consilium/pathway';
import { type BodyOf } from '../../api';
import type { RecommendationDetail } from './types';

/** A board decides curative or palliative intent; 'unknown' is only what older records carry. */
export const INTENT_CHOICES = PLAN_INTENTS.filter((intent) => intent !== 'unknown');

export const ANCHOR_LABELS: Readonly<Record<BoardPlanAnchor, string>> = {
  decision: 'the board decision',
  treatmentStart: 'the start of treatment',
  surgery: 'surgery',
  treatmentEnd: 'the end of treatment',
};

export interface RegimenRow {
  code: string;
  text: string;
}

export interface StepRow {
  modality: string;
  description: string;
}

export interface MilestoneRow {
  /** The stored key ('' until first saved: made from the label). */
  key: string;
  label: string;
  timing: 'date' | 'anchor';
  dueDate: string;
  anchor: string;
  offsetDays: string;
}

export interface PlanForm {
  intent: string;
  modalities: string[];
  regimens: RegimenRow[];
  steps: StepRow[];
  milestones: MilestoneRow[];
  notes: string;
  rationale: string;
}

export function formOf(recommendation: RecommendationDetail): PlanForm {
  const proposal = recommendation.proposedPlan;
  const plan = proposal?.boardPlan;
  return {
    intent: plan?.intent && plan.intent !== 'unknown' ? plan.intent : '',
    modalities: [...(plan?.modalities ?? [])],
    regimens: (plan?.regimens ?? []).map((regimen) => ({ code: regimen.code ?? '', text: regimen.text ?? '' })),
    steps: (plan?.steps ?? []).map((step) => ({ modality: step.modality, description: step.description })),
    milestones: (plan?.milestones ?? []).map((milestone) =>
      'dueDate' in milestone
        ? {
            key: milestone.key,
            label: milestone.label,
            timing: 'date' as const,
            dueDate: milestone.dueDate,
            anchor: 'decision',
            offsetDays: '',
          }
        : {
            key: milestone.key,
            label: milestone.label,
            timing: 'anchor' as const,
            dueDate: '',
            anchor: milestone.anchor,
            offsetDays: String(milestone.offsetDays),
          },
    ),
    notes: plan?.notes ?? '',
    rationale: proposal?.rationale ?? '',
  };
}

/** A lower-case slug for a new milestone's key ('CT chest at 3 months' -> 'ct-chest-at-3-months'), unique in the plan. */
export function keyFor(label: string, taken: Set<string>): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'follow-up';
  let key = base;
  for (let suffix = 2; taken.has(key); suffix += 1) key = `${base}-${suffix}`;
  taken.add(key);
  return key;
}

/** The plan as the API takes it; the form's values are not checked here: the API names every invalid one (400). */
export function bodyOf(form: PlanForm, meetingId: string): BodyOf<'PUT', '/recommendations/{id}/proposal'> {
  const taken = new Set(form.milestones.map((row) => row.key).filter(Boolean));
  const boardPlan = {
    intent: form.intent,
    modalities: form.modalities,
    regimens: form.regimens.map((row) => ({ code: row.code || null, text: row.text.trim() || null })),
    steps: form.steps.map((row) => ({ modality: row.modality, description: row.description.trim() })),
    milestones: form.milestones.map((row) => {
      const key = row.key || keyFor(row.label, taken);
      return row.timing === 'date'
        ? { key, label: row.label.trim(), dueDate: row.dueDate }
        : {
            key,
            label: row.label.trim(),
            anchor: row.anchor,
            offsetDays: row.offsetDays.trim() === '' ? null : Number(row.offsetDays),
          };
    }),
    notes: form.notes.trim() || null,
  };
  return { meetingId, intent: form.intent, rationale: form.rationale.trim(), boardPlan } as unknown as BodyOf<
    'PUT',
    '/recommendations/{id}/proposal'
  >;
}

/** The fields the form shows (API names, indexes as dots), for placing the API's errors. */
export function shownFields(form: PlanForm): Set<string> {
  const fields = [
    'intent',
    'rationale',
    'boardPlan',
    'boardPlan.intent',
    'boardPlan.modalities',
    'boardPlan.regimens',
    'boardPlan.steps',
    'boardPlan.milestones',
    'boardPlan.notes',
  ];
  form.regimens.forEach((_, index) =>
    fields.push(...['', '.code', '.text'].map((part) => `boardPlan.regimens.${index}${part}`)),
  );
  form.steps.forEach((_, index) =>
    fields.push(...['', '.modality', '.description'].map((part) => `boardPlan.steps.${index}${part}`)),
  );
  form.milestones.forEach((_, index) =>
    fields.push(
      ...['', '.key', '.label', '.dueDate', '.anchor', '.offsetDays'].map(
        (part) => `boardPlan.milestones.${index}${part}`,
      ),
    ),
  );
  return new Set(fields);
}
