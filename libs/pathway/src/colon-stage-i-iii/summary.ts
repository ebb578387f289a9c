/** A Markdown rendering of a colon draft (and findings) a clinician can read in a minute. */
import { formatCitation } from '../core/citation';
import type { ColonDraftPlan } from './draft-plan';
import type { ColonFinding } from './findings';

/**
 * Renders the plan: stage and risk, the proposed branch and why, alternatives, regimens by
 * decision, milestones, findings (blocks first) and assumptions; every line names its source.
 */
export function renderColonPlanSummary(plan: ColonDraftPlan, findings?: readonly ColonFinding[]): string {
  const lines: string[] = [];
  const primary = plan.primaryBranch;
  lines.push('# Resected colon cancer, stage I-III: DRAFT plan for tumour board review');
  lines.push(`Pathway ${plan.pathwayId} ${plan.pathwayVersion}. The board decides; nothing here is signed off.`);
  lines.push('');
  lines.push(`**Stage:** ${plan.stageGroup} (${plan.stagingBasis === 'pathological' ? 'pTNM' : 'cTNM, provisional'})`);
  if (plan.highRiskFeatures.length > 0) lines.push(`**High-risk features:** ${plan.highRiskFeatures.join(', ')}`);
  lines.push(`**Proposed:** ${primary.title} (\`${primary.code}\`)`);
  lines.push(`${primary.rationale} _[${formatCitation(primary.citation)}]_`);
  if (plan.alternatives.length > 0) {
    lines.push('', '**Alternatives:**');
    for (const alternative of plan.alternatives)
      lines.push(
        `- ${alternative.title} (\`${alternative.code}\`): ${alternative.rationale} _[${formatCitation(alternative.citation)}]_`,
      );
  }
  const all = findings ?? plan.findings;
  if (all.length > 0) {
    lines.push('', '## Findings');
    for (const f of all)
      lines.push(`- **${f.severity.toUpperCase()}** \`${f.code}\`: ${f.message} _[${formatCitation(f.citation)}]_`);
  }
  lines.push('', '## Regimens');
  for (const [decision, list] of Object.entries(plan.regimens)) {
    for (const r of list) {
      const conditions = r.conditions.length > 0 ? ` (first: ${r.conditions.join('; ')})` : '';
      lines.push(`- ${decision}: \`${r.regimen}\`: ${r.reason}${conditions}`);
    }
  }
  lines.push('', '## Milestones (from surgery)');
  const counts = new Map<string, number>();
  for (const m of plan.milestones) counts.set(m.code, (counts.get(m.code) ?? 0) + 1);
  for (const m of plan.milestones) {
    const n = counts.get(m.code) ?? 0;
    if (n === 0) continue;
    lines.push(
      n > 1
        ? `- \`${m.code}\` x${n}: ${m.citation.section}`
        : `- \`${m.code}\`: ${m.description}, due day ${m.dueDays}`,
    );
    counts.set(m.code, 0);
  }
  if (plan.assumptions.length > 0) {
    lines.push('', '## Assumptions');
    for (const a of plan.assumptions) lines.push(`- \`${a.field}\`: ${a.assumption}`);
  }
  return `${lines.join('\n')}\n`;
}
