/**
 * The facts the colon stage I-III pathway needs beyond the case core (its member of the
 * intake's discriminated union). pT/pN, ECOG, age, creatinine clearance, MMR/MSI and DPD come
 * from the core. Source: PATHWAY-COLON.md "Facts it needs beyond the common case core".
 */
import { ProblemCollector, isRecord, notAnObject, type ValidationResult } from '../core/validation';
import { COLON_GRADES, type ColonGrade } from './codes';

export interface ColonExtraFacts {
  /** Date of the resection (T_S); null while it is only planned or not recorded. */
  surgeryDate: string | null;
  /** Lymph nodes the pathologist examined (integer >= 0). */
  lymphNodesExamined: number | null;
  /** WHO grade G1-G4. */
  grade: ColonGrade | null;
  lymphovascularInvasion: boolean | null;
  perineuralInvasion: boolean | null;
  /** Presented with bowel obstruction. */
  obstructionAtPresentation: boolean | null;
  /** Tumour perforation (counts as pT4 for risk, ESMO 2020). */
  perforation: boolean | null;
  /** Pre-operative CEA (ng/mL) and the lab's upper limit of normal (ng/mL): both or neither. */
  preoperativeCeaNgMl: number | null;
  ceaUpperLimitNgMl: number | null;
  /** The whole colon was seen (colonoscopy or CT colonography) before surgery. */
  colonFullyVisualisedPreoperatively: boolean | null;
  /** Pre-existing peripheral neuropathy (a contraindication to oxaliplatin). */
  peripheralNeuropathy: boolean | null;
}

export const COLON_EXTRA_FACT_FIELDS = [
  'surgeryDate',
  'lymphNodesExamined',
  'grade',
  'lymphovascularInvasion',
  'perineuralInvasion',
  'obstructionAtPresentation',
  'perforation',
  'preoperativeCeaNgMl',
  'ceaUpperLimitNgMl',
  'colonFullyVisualisedPreoperatively',
  'peripheralNeuropathy',
] as const;

/** Largest plausible node count and CEA values (beyond them, a typing error is likelier). */
const MAX_NODES = 200;
const MAX_CEA_NG_ML = 100_000;
const MAX_CEA_UPPER_LIMIT_NG_ML = 100;

/** Validates the colon extra facts (absent fields -> null), naming each bad field; unknown fields are reported. */
export function validateColonExtraFacts(input: unknown): ValidationResult<ColonExtraFacts> {
  if (!isRecord(input)) return notAnObject('colon pathway facts', input);
  const p = new ProblemCollector();
  p.unknownKeys('', input, COLON_EXTRA_FACT_FIELDS);
  const nodes = p.nullableNumber('lymphNodesExamined', input['lymphNodesExamined'], 0, MAX_NODES);
  if (nodes !== null && !Number.isInteger(nodes))
    p.add('lymphNodesExamined', `lymphNodesExamined must be a whole number, got ${nodes}`);
  const rawGrade = input['grade'];
  const facts: ColonExtraFacts = {
    surgeryDate: p.nullableDate('surgeryDate', input['surgeryDate']),
    lymphNodesExamined: nodes,
    grade: rawGrade === undefined || rawGrade === null ? null : p.oneOf('grade', rawGrade, COLON_GRADES, 'G1'),
    lymphovascularInvasion: p.boolean('lymphovascularInvasion', input['lymphovascularInvasion'], null),
    perineuralInvasion: p.boolean('perineuralInvasion', input['perineuralInvasion'], null),
    obstructionAtPresentation: p.boolean('obstructionAtPresentation', input['obstructionAtPresentation'], null),
    perforation: p.boolean('perforation', input['perforation'], null),
    preoperativeCeaNgMl: p.nullableNumber('preoperativeCeaNgMl', input['preoperativeCeaNgMl'], 0, MAX_CEA_NG_ML),
    ceaUpperLimitNgMl: p.nullableNumber(
      'ceaUpperLimitNgMl',
      input['ceaUpperLimitNgMl'],
      0.1,
      MAX_CEA_UPPER_LIMIT_NG_ML,
    ),
    colonFullyVisualisedPreoperatively: p.boolean(
      'colonFullyVisualisedPreoperatively',
      input['colonFullyVisualisedPreoperatively'],
      null,
    ),
    peripheralNeuropathy: p.boolean('peripheralNeuropathy', input['peripheralNeuropathy'], null),
  };
  if (facts.preoperativeCeaNgMl !== null && facts.ceaUpperLimitNgMl === null && input['ceaUpperLimitNgMl'] == null) {
    p.add(
      'ceaUpperLimitNgMl',
      "ceaUpperLimitNgMl is required with preoperativeCeaNgMl (the lab's upper limit decides whether CEA is raised)",
    );
  }
  if (facts.ceaUpperLimitNgMl !== null && facts.preoperativeCeaNgMl === null && input['preoperativeCeaNgMl'] == null) {
    p.add('preoperativeCeaNgMl', 'preoperativeCeaNgMl is required with ceaUpperLimitNgMl');
  }
  return p.problems.length > 0 ? { ok: false, problems: p.problems } : { ok: true, facts };
}
