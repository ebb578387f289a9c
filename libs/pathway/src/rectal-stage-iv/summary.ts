/** A Markdown rendering of a draft plan (and findings) that a clinician can read in a minute. */
import type { Citation } from '../core/citation';
import type { DraftPlan } from './draft-plan';
import type { RectalFinding } from './findings';
import type { StepAnchor, StepTiming } from './steps';

const ANCHOR_LABELS: Record<StepAnchor, string> = {
  boardDecision: 'board decision',
  lastRadiotherapyFraction: 'last RT fraction',
  firstChemotherapy: 'first chemotherapy',
  firstImmunotherapy: 'first immunotherapy',
  plannedSurgery: 'surgery',
  woundHealed: 'wound healed',
};

/** Short source label: `seed § Section` or the update's source. */
export function shortCitation(citation: Citation): string {
  return citation.kind === 'seed' ? `seed § ${citation.section}` : citation.source;
}

function timing(t: StepTiming): string {
  const anchor = ANCHOR_LABELS[t.anchor];
  if (t.fromDays === null && t.toDays === null) return `when appropriate (after ${anchor})`;
  if (t.fromDays === null) return `by day ${t.toDays} after ${anchor}`;
  if (t.toDays === null) return `from day ${t.fromDays} after ${anchor}`;
  if (t.fromDays === t.toDays) return `day ${t.fromDays} after ${anchor}`;
  return `day ${t.fromDays}-${t.toDays} after ${anchor}`;
}

/**
 * Renders the plan: branch and why, alternatives, steps with timing, regimens, pending tests,
 * milestones, findings (blocks first) and assumptions; every line names its source.
 */
export function renderPlanSummary(plan: DraftPlan, findings?: readonly RectalFinding[]): string {
  const lines: string[] = [];
  const primary = plan.primaryBranch;
  lines.push(`# Stage IV rectal cancer: DRAFT plan for tumour board review`);
  lines.push(`Pathway ${plan.pathwayId} ${plan.pathwayVersion}. The board decides; nothing here is signed off.`);
  lines.push('');
  lines.push(`**Proposed:** ${primary.title} (\`${primary.code}\`)`);
  lines.push(`${primary.rationale} _[${shortCitation(primary.citation)}]_`);
  if (plan.alternatives.length > 0) {
    lines.push('');
    lines.push('**Alternatives:**');
    for (const alternative of plan.alternatives) {
      lines.push(
        `- ${alternative.title} (\`${alternative.code}\`): ${alternative.rationale} _[${shortCitation(alternative.citation)}]_`,
      );
    }
  }
  const allFindings = findings ?? plan.findings;
  if (allFindings.length > 0) {
    lines.push('');
    lines.push('## Findings');
    for (const f of allFindings) {
      const refs = f.eventIds.length > 0 ? ` (${f.eventIds.join(', ')})` : '';
      lines.push(
        `- **${f.severity.toUpperCase()}** \`${f.code}\`: ${f.message}${refs} _[${shortCitation(f.citation)}]_`,
      );
    }
  }
  lines.push('');
  lines.push('## Steps');
  for (const step of plan.steps) {
    lines.push(
      `${step.order}. ${step.optional ? '(optional) ' : ''}**${step.kind}**: ${step.description} — ${timing(step.timing)} _[${shortCitation(step.citation)}]_`,
    );
  }
  lines.push('');
  lines.push('## Regimens');
  lines.push(`- Preferred: ${plan.regimens.preferred.map((r) => r.regimen).join(', ') || 'none'}`);
  lines.push(`- Allowed: ${plan.regimens.allowed.map((r) => r.regimen).join(', ') || 'none'}`);
  lines.push('- Forbidden:');
  for (const r of plan.regimens.forbidden) lines.push(`  - ${r.regimen}: ${r.reason} _[${shortCitation(r.citation)}]_`);
  for (const combination of plan.forbiddenCombinations)
    lines.push(
      `- Never ${combination.regimen} with ${combination.withAnyOf.join(' / ')} _[${shortCitation(combination.citation)}]_`,
    );
  const pending = plan.requiredTests.filter((t) => t.status === 'pending');
  if (pending.length > 0) {
    lines.push('');
    lines.push('## Tests pending');
    for (const test of pending)
      lines.push(`- ${test.test}: before ${test.neededBefore} _[${shortCitation(test.citation)}]_`);
  }
  if (plan.milestones.length > 0) {
    lines.push('');
    lines.push('## Milestones');
    for (const m of plan.milestones) lines.push(`- \`${m.code}\`: ${m.description} _[${shortCitation(m.citation)}]_`);
  }
  if (plan.assumptions.length > 0) {
    lines.push('');
    lines.push('## Assumptions (facts missing)');
    for (const a of plan.assumptions) lines.push(`- ${a.assumption}`);
  }
  return `${lines.join('\n')}\n`;
}
