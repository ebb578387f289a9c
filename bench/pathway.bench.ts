/**
 * Benchmark: draft + schedule + validate of a typical stage IV rectal case and of a resected
 * stage III colon case, against a baseline measured in the same run (structuredClone of the
 * rectal facts). Standalone (no jest):
 *   npx swc bench/pathway.bench.ts libs/pathway/src -d /tmp/pb && node /tmp/pb/bench/pathway.bench.js
 */
import {
  anchorsFromEvents,
  colonAnchorsFromEvents,
  draftColonPlan,
  draftPlan,
  scheduleColonMilestones,
  scheduleMilestones,
  validateColonFacts,
  validateColonPlan,
  validatePlan,
  type CaseFacts,
  type ColonTreatmentEvent,
  type TreatmentEvent,
} from '../libs/pathway/src';
import { measure } from './support/micro';
import { comparePair } from './support/pair';

const facts: CaseFacts = {
  tCategory: 'T3',
  nCategory: 'N1',
  mCategory: 'M1a',
  distanceFromAnalVergeCm: 8,
  mesorectalFasciaThreatened: false,
  metastases: [{ site: 'liver', count: 2, resectability: 'resectable' }],
  ageYears: 61,
  ecog: 1,
  fitForIntensiveTreatment: true,
  comorbidities: ['hypertension'],
  creatinineClearanceMlMin: 85,
  preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
  symptoms: { bleeding: true, obstruction: false, pain: false },
  biomarkers: {
    kras: 'mutant',
    krasVariant: 'G12D',
    nras: 'wild-type',
    braf: 'wild-type',
    mmr: 'pMMR',
    her2: 'negative',
    dpd: 'unknown',
  },
};

const events: TreatmentEvent[] = [
  {
    id: 'rt',
    kind: 'radiotherapy',
    regimen: 'SCRT_5X5',
    startDate: '2026-01-05',
    lastFractionDate: '2026-01-09',
    status: 'done',
  },
  { id: 'chemo', kind: 'systemic-therapy', regimens: ['CAPOX', 'BEVACIZUMAB'], startDate: '2026-01-23', line: 1 },
  { id: 'bev-2', kind: 'bevacizumab-dose', date: '2026-02-13' },
  { id: 'bev-3', kind: 'bevacizumab-dose', date: '2026-03-06' },
  { id: 'eval', kind: 'evaluation', evaluation: 'response', date: '2026-03-10' },
  {
    id: 'surgery',
    kind: 'surgery',
    target: 'primary-and-metastases',
    date: '2026-04-10',
    elective: true,
    woundHealedDate: '2026-05-01',
  },
  { id: 'bev-restart', kind: 'bevacizumab-dose', date: '2026-05-15' },
];

const colon = validateColonFacts({
  core: {
    primary: { siteCode: 'C18.7', morphologyCode: '8140/3' },
    staging: { edition: 'UICC-8', pathological: { t: 'T4a', n: 'N1a', m: 'M0' } },
    condition: { ageYears: 64, ecog: 1, creatinineClearanceMlMin: 70 },
    biomarkers: [
      { marker: 'MMR', result: 'pMMR' },
      { marker: 'DPD', result: 'normal' },
    ],
  },
  pathwayFacts: {
    surgeryDate: '2026-03-02',
    lymphNodesExamined: 14,
    grade: 'G2',
    lymphovascularInvasion: true,
    preoperativeCeaNgMl: 6.2,
    ceaUpperLimitNgMl: 5,
    colonFullyVisualisedPreoperatively: false,
  },
});
if (!colon.ok) throw new Error(JSON.stringify(colon.problems));
const colonFacts = colon.facts;
const colonEvents: ColonTreatmentEvent[] = [
  { id: 'surgery', kind: 'surgery', date: '2026-03-02' },
  { id: 'capox', kind: 'adjuvant-therapy', regimens: ['CAPOX_3M'], startDate: '2026-04-30' },
];

let sink = 0;

function pathwayOp(): void {
  const plan = draftPlan(facts);
  const milestones = scheduleMilestones(plan, anchorsFromEvents(events));
  const findings = validatePlan(facts, events, { asOf: '2026-01-02' });
  sink += plan.steps.length + milestones.length + findings.length;
}

function colonOp(): void {
  const plan = draftColonPlan(colonFacts);
  const milestones = scheduleColonMilestones(plan, colonAnchorsFromEvents(colonEvents));
  const findings = validateColonPlan(colonFacts, colonEvents, { asOf: '2026-05-01' });
  sink += plan.milestones.length + milestones.length + findings.length;
}

function baselineOp(): void {
  sink += structuredClone(facts).metastases.length;
}

async function main(): Promise<void> {
  const rectal = await comparePair(
    'pathway draft+schedule+validate (rectal stage IV) / structuredClone of its facts, µs per op (lower is better)',
    'µs/op',
    () => ({ value: measure(pathwayOp, 60, 500, 5000) }),
    () => ({
      value: measure(baselineOp, 60, 500, 5000),
    }),
  );
  console.log(`pathway: ${Math.round(1_000_000 / rectal.ours.value)} rectal plans/s`);
  const colonFigure = await comparePair(
    'colon draft+schedule+validate (resected stage III) / structuredClone, µs per op (target < 50 µs)',
    'µs/op',
    () => ({ value: measure(colonOp, 60, 500, 5000) }),
    () => ({
      value: measure(baselineOp, 60, 500, 5000),
    }),
  );
  console.log(`colon: ${Math.round(1_000_000 / colonFigure.ours.value)} plans/s`);
  if (sink === 0) console.log('(unreachable: keeps the work observable)');
}

void main();
