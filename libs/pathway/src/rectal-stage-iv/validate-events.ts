/**
 * Validation of untrusted treatment events (e.g. from an HTTP body) into TreatmentEvent[],
 * collecting every problem with its path ('events[2].startDate'). Dates must be real ISO
 * calendar dates; regimen codes must be known.
 */
import { isIsoDate } from '../core/dates';
import { ProblemCollector, describeValue, isRecord, type FactProblem } from '../core/validation';
import { SYSTEMIC_REGIMEN_CODES, type SystemicRegimenCode } from './codes';
import type { EventStatus, TreatmentEvent } from './events';

const KINDS = ['radiotherapy', 'systemic-therapy', 'bevacizumab-dose', 'surgery', 'procedure', 'evaluation'] as const;
const STATUSES: readonly EventStatus[] = ['planned', 'done'];
const RT_REGIMENS = ['SCRT_5X5', 'LCCRT_50GY', 'PALLIATIVE_RT'] as const;
const SURGERY_TARGETS = ['primary', 'metastases', 'primary-and-metastases'] as const;
const PROCEDURES = ['stent', 'stoma', 'fulguration'] as const;
const EVALUATIONS = ['response', 'reevaluation', 'imaging'] as const;
const FLUOROPYRIMIDINES = ['capecitabine', '5-FU'] as const;

const COMMON = ['id', 'status', 'kind'];
const FIELDS: Record<(typeof KINDS)[number], readonly string[]> = {
  radiotherapy: [...COMMON, 'regimen', 'startDate', 'lastFractionDate', 'fluoropyrimidine'],
  'systemic-therapy': [...COMMON, 'regimens', 'startDate', 'line', 'fluoropyrimidine'],
  'bevacizumab-dose': [...COMMON, 'date'],
  surgery: [...COMMON, 'target', 'date', 'elective', 'woundHealedDate'],
  procedure: [...COMMON, 'procedure', 'date'],
  evaluation: [...COMMON, 'evaluation', 'date'],
};

function date(p: ProblemCollector, field: string, value: unknown): string {
  if (isIsoDate(value)) return value;
  p.add(
    field,
    value === undefined
      ? `${field} is required: an ISO date (YYYY-MM-DD)`
      : `${field} must be an ISO date (YYYY-MM-DD), got ${describeValue(value)}`,
  );
  return '1970-01-01';
}

function readEvent(p: ProblemCollector, path: string, raw: unknown): TreatmentEvent | null {
  if (!isRecord(raw)) {
    p.add(path, `${path} must be an object, got ${describeValue(raw)}`);
    return null;
  }
  const before = p.problems.length;
  const kind = p.oneOf(`${path}.kind`, raw['kind'], KINDS, 'evaluation');
  if (p.problems.length > before) return null;
  p.unknownKeys(path, raw, FIELDS[kind]);
  const base: { id?: string; status?: EventStatus } = {};
  if (raw['id'] !== undefined) {
    if (typeof raw['id'] === 'string' && raw['id'] !== '') base.id = raw['id'];
    else p.add(`${path}.id`, `${path}.id must be a non-empty string, got ${describeValue(raw['id'])}`);
  }
  if (raw['status'] !== undefined) base.status = p.oneOf(`${path}.status`, raw['status'], STATUSES, 'planned');
  const fluoropyrimidine =
    raw['fluoropyrimidine'] === undefined
      ? undefined
      : p.oneOf(`${path}.fluoropyrimidine`, raw['fluoropyrimidine'], FLUOROPYRIMIDINES, '5-FU');
  const withFp = fluoropyrimidine === undefined ? {} : { fluoropyrimidine };
  switch (kind) {
    case 'radiotherapy': {
      const regimen = p.oneOf(`${path}.regimen`, raw['regimen'], RT_REGIMENS, 'PALLIATIVE_RT');
      const lastFractionDate = date(p, `${path}.lastFractionDate`, raw['lastFractionDate']);
      const event: TreatmentEvent = { ...base, kind, regimen, lastFractionDate, ...withFp };
      if (raw['startDate'] !== undefined) {
        event.startDate = date(p, `${path}.startDate`, raw['startDate']);
        if (
          isIsoDate(raw['startDate']) &&
          isIsoDate(raw['lastFractionDate']) &&
          raw['startDate'] > raw['lastFractionDate']
        ) {
          p.add(`${path}.startDate`, `${path}.startDate must not be after lastFractionDate`);
        }
      }
      return event;
    }
    case 'systemic-therapy': {
      const regimens: SystemicRegimenCode[] = [];
      const rawRegimens = raw['regimens'];
      if (!Array.isArray(rawRegimens) || rawRegimens.length === 0) {
        p.add(
          `${path}.regimens`,
          `${path}.regimens must be a non-empty array of regimen codes, got ${describeValue(rawRegimens)}`,
        );
      } else {
        rawRegimens.forEach((code: unknown, i) =>
          regimens.push(p.oneOf(`${path}.regimens[${i}]`, code, SYSTEMIC_REGIMEN_CODES, 'FOLFOX')),
        );
      }
      const event: TreatmentEvent = {
        ...base,
        kind,
        regimens,
        startDate: date(p, `${path}.startDate`, raw['startDate']),
        ...withFp,
      };
      const line = raw['line'];
      if (line !== undefined) {
        if (typeof line === 'number' && Number.isInteger(line) && line >= 1) event.line = line;
        else p.add(`${path}.line`, `${path}.line must be an integer >= 1, got ${describeValue(line)}`);
      }
      return event;
    }
    case 'bevacizumab-dose':
      return { ...base, kind, date: date(p, `${path}.date`, raw['date']) };
    case 'surgery': {
      const event: TreatmentEvent = {
        ...base,
        kind,
        target: p.oneOf(`${path}.target`, raw['target'], SURGERY_TARGETS, 'primary'),
        date: date(p, `${path}.date`, raw['date']),
        elective: p.boolean(`${path}.elective`, raw['elective'], false),
      };
      if (raw['elective'] === undefined) p.add(`${path}.elective`, `${path}.elective is required: true or false`);
      const healed = raw['woundHealedDate'];
      if (healed === null) event.woundHealedDate = null;
      else if (healed !== undefined) event.woundHealedDate = date(p, `${path}.woundHealedDate`, healed);
      return event;
    }
    case 'procedure':
      return {
        ...base,
        kind,
        procedure: p.oneOf(`${path}.procedure`, raw['procedure'], PROCEDURES, 'stoma'),
        date: date(p, `${path}.date`, raw['date']),
      };
    case 'evaluation':
      return {
        ...base,
        kind,
        evaluation: p.oneOf(`${path}.evaluation`, raw['evaluation'], EVALUATIONS, 'imaging'),
        date: date(p, `${path}.date`, raw['date']),
      };
  }
}

/**
 * Validates untrusted input into TreatmentEvent[] (PATHWAY.md "Dates as the plan runs"),
 * returning every problem with its path; event ids must be unique.
 */
export function validateTreatmentEvents(
  input: unknown,
): { ok: true; events: TreatmentEvent[] } | { ok: false; problems: FactProblem[] } {
  const p = new ProblemCollector();
  if (!Array.isArray(input)) {
    p.add('events', `events must be an array, got ${describeValue(input)}`);
    return { ok: false, problems: p.problems };
  }
  const events: TreatmentEvent[] = [];
  const seen = new Set<string>();
  input.forEach((raw: unknown, index) => {
    const event = readEvent(p, `events[${index}]`, raw);
    if (event === null) return;
    if (event.id !== undefined) {
      if (seen.has(event.id))
        p.add(`events[${index}].id`, `events[${index}].id ${JSON.stringify(event.id)} is used twice`);
      seen.add(event.id);
    }
    events.push(event);
  });
  return p.problems.length > 0 ? { ok: false, problems: p.problems } : { ok: true, events };
}
