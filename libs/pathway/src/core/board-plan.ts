/**
 * The board-authored plan: what the tumour board decides for a case no pathway covers (and may
 * record for any case). Its follow-up milestones are dated into the same DatedMilestone shape the
 * worker turns into reminders for pathway plans.
 */
import type { Citation } from './citation';
import { isIsoDate, type IsoDate } from './dates';
import { scheduleMilestoneRule, type DatedMilestone, type MilestoneRule } from './milestones';
import { ProblemCollector, describeValue, isRecord, notAnObject, type ValidationResult } from './validation';

export const PLAN_INTENTS = ['curative', 'palliative', 'unknown'] as const;
export type PlanIntent = (typeof PLAN_INTENTS)[number];

export const TREATMENT_MODALITIES = [
  'surgery',
  'systemic-therapy',
  'radiotherapy',
  'chemoradiotherapy',
  'endoscopic',
  'ablation-local',
  'best-supportive-care',
  'surveillance',
  'other',
] as const;
export type TreatmentModality = (typeof TREATMENT_MODALITIES)[number];

/** Regimens a board may pick by code, across common solid tumours (anything else is free text). */
export const BOARD_REGIMEN_CODES = [
  // colorectal / upper GI
  'FOLFOX',
  'CAPOX',
  'FOLFIRI',
  'FOLFOXIRI',
  'FLUOROPYRIMIDINE',
  'FLOT',
  'CROSS_CRT',
  'BEVACIZUMAB',
  'CETUXIMAB',
  'PANITUMUMAB',
  // lung
  'CARBOPLATIN_PACLITAXEL',
  'CISPLATIN_PEMETREXED',
  'CARBOPLATIN_PEMETREXED',
  'CISPLATIN_ETOPOSIDE',
  'CARBOPLATIN_ETOPOSIDE',
  'OSIMERTINIB',
  'ALECTINIB',
  'LORLATINIB',
  'DURVALUMAB',
  'ATEZOLIZUMAB',
  // breast
  'AC_T',
  'EC_T',
  'TC',
  'TRASTUZUMAB_PERTUZUMAB',
  'T_DM1',
  'TAMOXIFEN',
  'AROMATASE_INHIBITOR',
  'CDK46_INHIBITOR_ET',
  'OLAPARIB',
  // checkpoint inhibitors and radiotherapy
  'PEMBROLIZUMAB',
  'NIVOLUMAB',
  'NIVOLUMAB_IPILIMUMAB',
  'SCRT_5X5',
  'LCCRT_50GY',
  'SBRT',
  'PALLIATIVE_RT',
] as const;
export type BoardRegimenCode = (typeof BOARD_REGIMEN_CODES)[number];

/** Dates a board milestone may be counted from (the API resolves them from the case's events). */
export const BOARD_PLAN_ANCHORS = ['decision', 'treatmentStart', 'surgery', 'treatmentEnd'] as const;
export type BoardPlanAnchor = (typeof BOARD_PLAN_ANCHORS)[number];
/** The pseudo-anchor of a milestone given by its date. */
export type BoardMilestoneAnchor = BoardPlanAnchor | 'fixedDate';

/** A regimen: a code from BOARD_REGIMEN_CODES, free text, or both (code plus detail). */
export interface BoardRegimen {
  code: BoardRegimenCode | null;
  text: string | null;
}

export interface BoardPlanStep {
  modality: TreatmentModality;
  description: string;
}

/** A follow-up milestone: `key` (unique in the plan) makes its reminder stable when the plan is edited. */
export type BoardMilestone =
  | { key: string; label: string; dueDate: IsoDate }
  | { key: string; label: string; anchor: BoardPlanAnchor; offsetDays: number };

export interface BoardPlan {
  intent: PlanIntent;
  /** At least one, distinct. */
  modalities: TreatmentModality[];
  regimens: BoardRegimen[];
  /** In order. */
  steps: BoardPlanStep[];
  milestones: BoardMilestone[];
  notes: string | null;
}

export const BOARD_PLAN_FIELDS = ['intent', 'modalities', 'regimens', 'steps', 'milestones', 'notes'] as const;
/** Milestone keys: lower-case slug, e.g. 'ct-3-months'. */
export const BOARD_MILESTONE_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Offsets are limited to ten years either side of the anchor. */
export const MAX_BOARD_OFFSET_DAYS = 3653;

function readModalities(p: ProblemCollector, value: unknown): TreatmentModality[] {
  if (!Array.isArray(value) || value.length === 0) {
    p.add(
      'modalities',
      `modalities must list at least one of ${TREATMENT_MODALITIES.join(', ')}, got ${describeValue(value)}`,
    );
    return [];
  }
  const out: TreatmentModality[] = [];
  value.forEach((item: unknown, index) => {
    const modality = p.oneOf(`modalities[${index}]`, item, TREATMENT_MODALITIES, 'other');
    if (out.includes(modality))
      p.add(`modalities[${index}]`, `modalities[${index}] repeats ${JSON.stringify(modality)}`);
    out.push(modality);
  });
  return out;
}

function readRegimens(p: ProblemCollector, value: unknown): BoardRegimen[] {
  return p.list('regimens', value, ['code', 'text'], (raw, field): BoardRegimen => {
    const code =
      raw['code'] === undefined || raw['code'] === null
        ? null
        : p.oneOf(`${field}.code`, raw['code'], BOARD_REGIMEN_CODES, 'FOLFOX');
    const detail = p.nullableString(`${field}.text`, raw['text']);
    if (code === null && (detail === null || detail.trim() === '') && raw['code'] === undefined) {
      p.add(field, `${field} needs a code from the regimen list or a text`);
    }
    return { code, text: detail };
  });
}

function readMilestones(p: ProblemCollector, value: unknown): BoardMilestone[] {
  const keys = new Set<string>();
  return p.list(
    'milestones',
    value,
    ['key', 'label', 'dueDate', 'anchor', 'offsetDays'],
    (raw, field): BoardMilestone | undefined => {
      const key = raw['key'];
      if (typeof key !== 'string' || !BOARD_MILESTONE_KEY_PATTERN.test(key)) {
        p.add(
          `${field}.key`,
          `${field}.key must be a lower-case slug such as "ct-3-months", got ${describeValue(key)}`,
        );
      } else if (keys.has(key)) {
        p.add(`${field}.key`, `${field}.key repeats ${JSON.stringify(key)}`);
      } else {
        keys.add(key);
      }
      const label = p.requiredText(`${field}.label`, raw['label']);
      const safeKey = typeof key === 'string' ? key : '';
      if (raw['dueDate'] !== undefined) {
        if (raw['anchor'] !== undefined || raw['offsetDays'] !== undefined)
          p.add(field, `${field} needs either dueDate or anchor with offsetDays, not both`);
        if (!isIsoDate(raw['dueDate']))
          p.add(`${field}.dueDate`, `${field}.dueDate must be a date YYYY-MM-DD, got ${describeValue(raw['dueDate'])}`);
        // Never String() an untrusted value: an object's own toString may throw (a problem is already recorded).
        return { key: safeKey, label, dueDate: isIsoDate(raw['dueDate']) ? raw['dueDate'] : '' };
      }
      if (raw['anchor'] === undefined && raw['offsetDays'] === undefined) {
        p.add(field, `${field} needs a dueDate or an anchor with offsetDays`);
        return undefined;
      }
      const anchor = p.oneOf(`${field}.anchor`, raw['anchor'], BOARD_PLAN_ANCHORS, 'decision');
      const offsetDays = raw['offsetDays'];
      if (
        typeof offsetDays !== 'number' ||
        !Number.isInteger(offsetDays) ||
        Math.abs(offsetDays) > MAX_BOARD_OFFSET_DAYS
      ) {
        p.add(
          `${field}.offsetDays`,
          `${field}.offsetDays must be a whole number of days within +/- ${MAX_BOARD_OFFSET_DAYS}, got ${describeValue(offsetDays)}`,
        );
        return undefined;
      }
      return { key: safeKey, label, anchor, offsetDays };
    },
  );
}

/**
 * Validates an untrusted board-authored plan, collecting every problem with its field path
 * (`modalities[1]`, `regimens[0].code`, `milestones[2].offsetDays`). Source: issue 13 "a
 * board-authored plan (intent, modalities, regimens from a coded list or free text, follow-up
 * milestones with dates that become reminders)".
 */
export function validateBoardPlan(input: unknown): ValidationResult<BoardPlan> {
  if (!isRecord(input)) return notAnObject('board plan', input);
  const p = new ProblemCollector();
  p.unknownKeys('', input, BOARD_PLAN_FIELDS);
  const intent = p.oneOf('intent', input['intent'], PLAN_INTENTS, 'unknown');
  const modalities = readModalities(p, input['modalities']);
  const regimens = readRegimens(p, input['regimens']);
  const steps = p.list('steps', input['steps'], ['modality', 'description'], (raw, field) => ({
    modality: p.oneOf(`${field}.modality`, raw['modality'], TREATMENT_MODALITIES, 'other'),
    description: p.requiredText(`${field}.description`, raw['description']),
  }));
  const milestones = readMilestones(p, input['milestones']);
  const notes = p.nullableString('notes', input['notes']);
  if (p.problems.length > 0) return { ok: false, problems: p.problems };
  return { ok: true, facts: { intent, modalities, regimens, steps, milestones, notes } };
}

/** The citation every board-authored milestone carries: the board's own decision. */
export const BOARD_DECISION_CITATION: Citation = Object.freeze({
  kind: 'board',
  source: 'Tumour board decision',
  section: 'board-authored plan',
});

/** Reminder code of a board milestone (stable across edits while its key is kept). */
export const boardMilestoneCode = (key: string): string => `BOARD_${key.toUpperCase().replace(/-/g, '_')}`;

/**
 * Dates a board plan's milestones: a `dueDate` milestone is scheduled on that date; an offset
 * milestone is scheduled once its anchor is known (`pending`, naming the anchor, until then),
 * in the DatedMilestone shape of pathway milestones, so the worker's reminders treat both alike.
 */
export function boardPlanMilestones(
  plan: Pick<BoardPlan, 'milestones'>,
  anchors: Partial<Record<BoardPlanAnchor, IsoDate>>,
): DatedMilestone<string, BoardMilestoneAnchor>[] {
  return plan.milestones.map((milestone) => {
    const code = boardMilestoneCode(milestone.key);
    const fixed = 'dueDate' in milestone;
    const rule: MilestoneRule<string, BoardMilestoneAnchor> = {
      code,
      anchor: fixed ? 'fixedDate' : milestone.anchor,
      description: milestone.label,
      citation: BOARD_DECISION_CITATION,
      dueDays: fixed ? 0 : milestone.offsetDays,
    };
    return scheduleMilestoneRule(rule, (anchor) =>
      anchor === 'fixedDate' ? (fixed ? milestone.dueDate : undefined) : anchors[anchor],
    );
  });
}
