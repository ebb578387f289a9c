import { getSchemaPath, type ApiPropertyOptions, type SchemaObject } from '@nestjs/swagger';
import {
  BRANCH_CODES,
  FINDING_CODES,
  MILESTONE_CODES,
  RECTAL_STAGE_IV_PATHWAY_ID,
  REGIMEN_CODES,
  type AnchorName,
  type BiomarkerTest,
  type CitationKind,
  type RegimenDecisionKind,
  type StepAnchor,
  type StepKind,
} from '@consilium/pathway';
import { membersOf } from './members-of';
import { days, finding, list, milestoneRule, nullable, object, oneOf, ref, text } from './schema-helpers';

/**
 * The OpenAPI schemas of the pathway's JSON (case facts, the drafted plan and its parts), built
 * from the pathway's own code lists. One place: when facts become a union by pathway, CaseFacts
 * here becomes a oneOf.
 */

const STEP_KINDS = membersOf<StepKind>({
  'board-review': true,
  test: true,
  radiotherapy: true,
  'systemic-therapy': true,
  evaluation: true,
  surgery: true,
  palliative: true,
});
const ANCHORS = membersOf<AnchorName>({
  lastRadiotherapyFraction: true,
  firstChemotherapy: true,
  firstImmunotherapy: true,
  plannedSurgery: true,
  woundHealed: true,
});
const STEP_ANCHORS = membersOf<StepAnchor>({
  boardDecision: true,
  ...Object.fromEntries(ANCHORS.map((anchor) => [anchor, true])),
} as Record<StepAnchor, true>);
const BIOMARKER_TESTS = membersOf<BiomarkerTest>({
  KRAS: true,
  NRAS: true,
  BRAF: true,
  MMR: true,
  HER2: true,
  DPD: true,
  KRAS_VARIANT: true,
});
const DECISIONS = membersOf<RegimenDecisionKind>({ preferred: true, allowed: true, forbidden: true });
const CITATION_KINDS = membersOf<CitationKind>({ seed: true, update: true, board: true });

const citation = object({ kind: oneOf(CITATION_KINDS), source: text, section: text, quote: text }, ['quote'], {
  description: 'Where the rule comes from',
});
const branchChoice = { code: oneOf(BRANCH_CODES), title: text, rationale: text, citation: ref('PathwayCitation') };
const step = object({
  order: { type: 'integer', minimum: 1 },
  kind: oneOf(STEP_KINDS),
  description: text,
  timing: object({ anchor: oneOf(STEP_ANCHORS), fromDays: nullable(days), toDays: nullable(days) }, [], {
    description: 'null days: "when appropriate"',
  }),
  citation: ref('PathwayCitation'),
  optional: { type: 'boolean', description: 'The board may skip it' },
});
const milestone = milestoneRule(MILESTONE_CODES, ANCHORS);
const regimenDecision = object({
  regimen: oneOf(REGIMEN_CODES),
  decision: oneOf(DECISIONS),
  reason: text,
  citation: ref('PathwayCitation'),
  conditions: list(text),
});

export const PATHWAY_SCHEMAS = {
  PathwayCitation: citation,
  PathwayFinding: finding(FINDING_CODES),
  DraftPlan: object(
    {
      pathwayId: oneOf([RECTAL_STAGE_IV_PATHWAY_ID]),
      pathwayVersion: text,
      status: oneOf(['draft'], { description: 'Always a draft: the board decides' }),
      primaryBranch: ref('BranchPlan'),
      alternatives: list(ref('BranchPlan')),
      steps: { ...list(step), description: "The primary branch's steps" },
      regimens: object({
        preferred: list(regimenDecision),
        allowed: list(regimenDecision),
        forbidden: list(regimenDecision),
      }),
      forbiddenCombinations: list(
        object({
          regimen: oneOf(REGIMEN_CODES),
          withAnyOf: list(oneOf(REGIMEN_CODES)),
          reason: text,
          citation: ref('PathwayCitation'),
        }),
      ),
      requiredTests: list(
        object({
          test: oneOf(BIOMARKER_TESTS),
          status: oneOf(['pending', 'resulted']),
          result: nullable(text),
          neededBefore: text,
          citation: ref('PathwayCitation'),
        }),
      ),
      milestones: { ...list(milestone), description: "The primary branch's milestones, undated" },
      findings: { ...list(ref('PathwayFinding')), description: 'Findings already visible from the facts' },
      assumptions: list(object({ field: text, assumption: text })),
      decisionFactors: list(object({ factor: text, recorded: text, citation: ref('PathwayCitation') })),
    },
    [],
    { description: 'The plan the pathway drafts from the facts, with every citation' },
  ),
  BranchPlan: object({ ...branchChoice, steps: list(step), milestones: list(milestone) }),
} satisfies Record<string, SchemaObject>;

/** A DTO property holding one of the pathway's JSON shapes: `@ApiProperty(pathwayProperty('DraftPlan'))`. */
export const pathwayProperty = (name: keyof typeof PATHWAY_SCHEMAS): ApiPropertyOptions =>
  ({ $ref: getSchemaPath(name) }) as ApiPropertyOptions;
