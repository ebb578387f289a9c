/**
 * Clinical labels for the codes of the case core. The codes, their lists and the labels the
 * library has come from `@consilium/pathway` (one vocabulary for the API and the browser); the
 * screen adds only wording for codes the library leaves unlabelled.
 */
import {
  COLON_GRADES,
  COLON_STAGE_I_III_PATHWAY_ID,
  COMMON_MORPHOLOGIES,
  COMMON_PRIMARY_SITES,
  KNOWN_BIOMARKERS,
  RECTAL_STAGE_IV_PATHWAY_ID,
  type BiomarkerDefinition,
  type ColonExtraFacts,
  type EcogScore,
  type RectalExtraFacts,
  type TnmCategories,
  workflowOf,
} from '@consilium/pathway';
import { humanize } from '../../lib/format';

/** "C34.1 Upper lobe, bronchus or lung" (the code alone when the site is not in the common list). */
export function siteText(code: string): string {
  const known = COMMON_PRIMARY_SITES.find((site) => site.code === code);
  return known ? `${code} ${known.label}` : code;
}

export function siteLabel(code: string): string | null {
  return COMMON_PRIMARY_SITES.find((site) => site.code === code.trim().toUpperCase())?.label ?? null;
}

export function morphologyLabel(code: string): string | null {
  return COMMON_MORPHOLOGIES.find((morphology) => morphology.code === code.trim())?.label ?? null;
}

export function knownBiomarker(marker: string): BiomarkerDefinition | undefined {
  return KNOWN_BIOMARKERS.find((definition) => definition.code === marker.trim());
}

/** ECOG performance status in words (Oken et al. 1982, as ECOG-ACRIN publishes it). */
export const ECOG_LABELS: Readonly<Record<EcogScore, string>> = {
  0: 'Fully active',
  1: 'Restricted in strenuous activity, ambulatory',
  2: 'Ambulatory and capable of self-care, unable to work',
  3: 'Capable of only limited self-care',
  4: 'Completely disabled',
};

/** A TNM classification as clinicians write it: "cT2a N2 M0", "ypT3 N1 M0". */
export function tnmText(tnm: TnmCategories, kind: 'c' | 'p'): string {
  return `${tnm.afterTherapy ? 'y' : ''}${kind}${tnm.t} ${tnm.n} ${tnm.m}`;
}

/** A code of the core's closed lists in words ('distant-nodes' -> 'Distant nodes'). */
export const codeLabel = (code: string): string => humanize(code);

/** What kind of input a pathway's extra fact takes. */
export type ExtraFactKind = 'number' | 'yes-no' | 'date' | { options: readonly string[] };

export interface ExtraFactSpec<Field extends string = string> {
  field: Field;
  label: string;
  kind: ExtraFactKind;
  hint?: string;
}

const RECTAL_EXTRA_FACTS: readonly ExtraFactSpec<keyof RectalExtraFacts>[] = [
  { field: 'distanceFromAnalVergeCm', label: 'Distance from anal verge (cm)', kind: 'number', hint: 'MRI, 0-20' },
  { field: 'mesorectalFasciaThreatened', label: 'Mesorectal fascia threatened', kind: 'yes-no', hint: 'MRI' },
];

const COLON_EXTRA_FACTS: readonly ExtraFactSpec<keyof ColonExtraFacts>[] = [
  { field: 'surgeryDate', label: 'Date of resection', kind: 'date' },
  { field: 'lymphNodesExamined', label: 'Lymph nodes examined', kind: 'number' },
  { field: 'grade', label: 'Grade (WHO)', kind: { options: COLON_GRADES } },
  { field: 'lymphovascularInvasion', label: 'Lymphovascular invasion', kind: 'yes-no' },
  { field: 'perineuralInvasion', label: 'Perineural invasion', kind: 'yes-no' },
  { field: 'obstructionAtPresentation', label: 'Obstruction at presentation', kind: 'yes-no' },
  { field: 'perforation', label: 'Tumour perforation', kind: 'yes-no' },
  { field: 'preoperativeCeaNgMl', label: 'Pre-operative CEA (ng/mL)', kind: 'number' },
  { field: 'ceaUpperLimitNgMl', label: 'CEA upper limit of normal (ng/mL)', kind: 'number', hint: "the lab's" },
  { field: 'colonFullyVisualisedPreoperatively', label: 'Whole colon seen before surgery', kind: 'yes-no' },
  { field: 'peripheralNeuropathy', label: 'Peripheral neuropathy', kind: 'yes-no', hint: 'pre-existing' },
];

/** The extra facts each pathway asks for, in the order the form shows them (labels for the case view too). */
export const PATHWAY_EXTRA_FACTS: Readonly<Record<string, readonly ExtraFactSpec[]>> = {
  [RECTAL_STAGE_IV_PATHWAY_ID]: RECTAL_EXTRA_FACTS,
  [COLON_STAGE_I_III_PATHWAY_ID]: COLON_EXTRA_FACTS,
};

/** A pathway fact's value in words. */
export function extraFactText(value: unknown): string {
  if (value === null || value === undefined) return 'not recorded';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** A branch of a pathway by its title ("Adjuvant chemotherapy, stage III high risk"), the code in words when unknown. */
export function branchText(pathwayId: string | null, code: string): string {
  const workflow = pathwayId ? workflowOf(pathwayId) : undefined;
  return workflow && workflow.branchCodes.includes(code) ? workflow.branchTitle(code) : humanize(code);
}
